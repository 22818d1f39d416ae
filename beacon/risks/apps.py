from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "beacon.risks"
    label = "risks"
    verbose_name = "Risk and equality"

    def ready(self) -> None:
        # The project page shows the project's risks and equality assessments without programmes importing risks
        # (imports run downhill): risks passes its panel in.
        from beacon.programmes import views as programme_views
        from beacon.risks.selectors import project_panel

        if project_panel not in programme_views.PROJECT_PANELS:
            programme_views.PROJECT_PANELS.append(project_panel)
