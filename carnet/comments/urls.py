"""The comment form's endpoint and its small pages, outside the editions' prefixes.

Each page speaks the language of the post's edition. None of them is ever stored by the
page store: they answer one reader at a time.
"""

from django.urls import path

from carnet.comments import views

app_name = "comments"

urlpatterns = [
    path("post/<int:post_id>/", views.post_comment, name="post"),
    path("reply/<int:comment_id>/", views.reply, name="reply"),
    path("posted/", views.posted, name="posted"),
]
