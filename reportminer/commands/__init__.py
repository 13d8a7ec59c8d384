"""Click commands of the ``reportminer`` CLI, one module each (imported lazily by ``cli.py``)."""
