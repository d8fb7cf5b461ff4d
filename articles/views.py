from django.http import HttpResponse


def home(request):
    return HttpResponse("")


article_detail = section_detail = tag_detail = contributor_detail = home
