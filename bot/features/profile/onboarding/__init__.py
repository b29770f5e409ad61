"""Onboarding: /start (with deep links) → language → country → city → professions → interests."""
