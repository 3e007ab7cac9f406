#!/usr/bin/env python3
"""Development server: python serve.py --port 8000

Production (2+ workers behind nginx), see README:
    gunicorn -w 2 -b 127.0.0.1:8000 'engine.web:create_app()'
"""
import argparse
import sys



def main() -> int:
    parser = argparse.ArgumentParser(description="Chạy máy chủ tư vấn pháp luật (phát triển).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    from engine.web import create_app

    app = create_app()
    holder = app.extensions["model"]
    if not holder.ready:  # refuse to start without a good model, with a one-line reason
        print(f"Không khởi động được: {holder.error}", file=sys.stderr)
        return 1
    print(f"Trang minh họa: http://{args.host}:{args.port}/")
    app.run(host=args.host, port=args.port, threaded=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
