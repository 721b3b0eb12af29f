"""The catalog: browsing, pricing previews, and the OPS maintenance mutations."""
