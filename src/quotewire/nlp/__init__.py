"""NLP stages: entities, canonical names, quotations and their speakers."""
