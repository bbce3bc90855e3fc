"""Built-in plugins: the platform styles, written exactly like third-party plugins."""
