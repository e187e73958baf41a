from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data: the seed table, the Jiaxing tree, demo accounts, the scale generator.

    The top of the layer stack: it may import every app, and no app imports it.
    """

    name = "duban.demo"
    label = "demo"
    verbose_name = "演示数据"
