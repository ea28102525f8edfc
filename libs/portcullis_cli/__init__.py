"""The `portcullis` command line."""
