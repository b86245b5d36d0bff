"""Industrial chains: templates, regions, the chain graph, region state and gap analysis.

Nothing here imports Streamlit; every function takes plain data and returns plain data.
"""
