from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "klantbeeld.parties"
    label = "parties"
    verbose_name = "Klanten"

    def ready(self) -> None:
        from klantbeeld.parties import subject_data
        from klantbeeld.privacy.subject_data import SubjectData, subject_data_register

        subject_data_register(
            "profile",
            SubjectData(
                "Uw gegevens", subject_data.profile_export, subject_data.profile_erase, order=90
            ),
        )
