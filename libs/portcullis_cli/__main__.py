from portcullis_cli.main import app

app()
