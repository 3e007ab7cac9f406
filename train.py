#!/usr/bin/env python3
"""Editors' command: validate the corpus, build the model, evaluate, publish.

    python train.py [--laws DIR] [--eval ../shared/bench/dev.jsonl]
"""
import sys

from engine.build import main

if __name__ == "__main__":
    sys.exit(main())
