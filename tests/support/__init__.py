"""Helpers the test folders share (strategies, builders) that belong to none of them."""
