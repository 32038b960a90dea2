from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "openipt.groups"
    label = "groups"
    verbose_name = "Group IPT"
