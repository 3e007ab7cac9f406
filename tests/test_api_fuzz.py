"""Property-based run of the whole API against its own OpenAPI description:
no 500s, every response as documented (schemathesis, all checks)."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings


from .conftest import fit_model, make_app, mini_corpus


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    corpus_dir, laws = mini_corpus(root / "src")
    fit_model(corpus_dir, laws, root / "models")
    app = make_app(root / "models", root, RATE_LIMIT="100000/minute")
    return schemathesis.openapi.from_wsgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case):
    case.call_and_validate()
