"""strawberry types; each wraps its model and is built by a ``from_model`` classmethod."""
