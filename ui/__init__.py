"""Streamlit pages and their shared helpers. Pages stay thin: they read and write through recommender/."""
