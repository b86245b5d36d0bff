"""Simulated worlds written by outside authors to judge the recommender against a known truth."""
