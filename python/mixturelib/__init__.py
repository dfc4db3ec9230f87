"""mixturelib for Python (temporary skeleton of branch py-04; the py-ml branch's package wins)."""
