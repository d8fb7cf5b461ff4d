"""The front page."""

from .lists import story_list


def home(request):
    return story_list(request, {"is_home": True})
