"""Delivery: sending what `tracker.report` built to people and channels (Slack today).

Reporting builds and renders; it never touches the network. A delivery module takes a rendered
message and a destination, and is the only place that talks to the service.
"""
