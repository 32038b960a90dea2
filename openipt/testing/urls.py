from django.urls import URLPattern, URLResolver, get_resolver


def url_names(resolver=None, namespace=""):
    """Every named URL pattern of the project, with its namespace."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"unnamed:{pattern.pattern}"
