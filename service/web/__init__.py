"""The web layer: JSON API, pages, the OpenAPI document and the error mapping."""
