from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "klantbeeld.contacts"
    label = "contacts"
    verbose_name = "Contacten"
