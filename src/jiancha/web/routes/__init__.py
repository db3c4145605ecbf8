"""The routers of the workbench; each route's access rule is in jiancha.web.access."""
