"""Streamlit renderers: turn validated cards into Streamlit elements. Pages only wire these up."""
