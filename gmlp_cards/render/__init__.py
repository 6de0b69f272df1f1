"""The document model (blocks), safe Markdown, and the figures: renderer-neutral, no Streamlit."""
