# Public pages for videos live with the content that uses them (routines, guides); the JSON is
# in videos/api.py and the admin in videos/viewsets.py. Nothing public is served from here yet.
app_name = "videos"
urlpatterns = []
