"""The reference web client's static files (index.html, ES modules, CSS), served at /app."""
