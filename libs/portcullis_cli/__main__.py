import sys

from portcullis_cli.connect import ConnectionSettingsError
from portcullis_cli.main import app

try:
    app()
except ConnectionSettingsError as error:
    print(f"portcullis: {error}", file=sys.stderr)
    raise SystemExit(2) from None
