from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "klantbeeld.contacts"
    label = "contacts"
    verbose_name = "Contacten"

    def ready(self) -> None:
        from klantbeeld.contacts import subject_data
        from klantbeeld.privacy.subject_data import (
            RetentionRule,
            SubjectData,
            retention_rule_register,
            subject_data_register,
        )

        subject_data_register(
            "contacts",
            SubjectData(
                "Uw contacten met ons",
                subject_data.contacts_export,
                subject_data.contacts_erase,
                order=10,
            ),
        )
        subject_data_register(
            "cases",
            SubjectData("Uw zaken", subject_data.cases_export, subject_data.cases_erase, order=30),
        )
        subject_data_register(
            "agreements",
            SubjectData(
                "Afspraken met u",
                subject_data.agreements_export,
                subject_data.agreements_erase,
                order=20,
            ),
        )
        retention_rule_register(
            "contacts", RetentionRule("contact_register", subject_data.contacts_expire)
        )
        retention_rule_register(
            "cases", RetentionRule("contact_register", subject_data.cases_expire)
        )
