"""Mutual aid: the aid-offer and aid-request kinds of listing."""
