"""GitLab issues: the settings, client, mapping and connector of `kind = "gitlab"` targets."""
