"""Simulated worlds written by outside authors, fed to the product through the data contract."""
