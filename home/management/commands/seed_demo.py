import importlib
import importlib.util
import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand

from editorial.roles import CLINICAL_REVIEWERS, ROLES

# Apps seed in this order: later ones link to what earlier ones made (routines use videos,
# therapists use modalities).
SEED_ORDER = ["home", "videos", "education", "directory"]
PASSWORD_FILE = settings.VAR_DIR / "demo-admin-password"


class Command(BaseCommand):
    help = "Load the demo site, content and an admin login. Safe to run again: it updates in place."

    def handle(self, *args, **options):
        for app in SEED_ORDER:
            if importlib.util.find_spec(f"{app}.demo") is None:
                continue
            module = importlib.import_module(f"{app}.demo")
            self.stdout.write(f"Seeding {app}…")
            module.seed(self.log)
        # The feeds follow every publish through tasks; with the database task backend those
        # wait for a worker, so the demo's feeds are brought up to date here (only differences
        # are written: harmless on a second run).
        self.stdout.write("Seeding feeds…")
        call_command("rebuild_feeds", stdout=self.stdout)
        password = self.ensure_admin()
        self.ensure_role_users(password)
        self.link_reviewer_profile()

    def link_reviewer_profile(self):
        """The demo reviewer approves as the first demo clinician, so an approval records a
        reviewer (editorial.models.ClinicalReviewTask). Left alone once linked."""
        from education.models import Reviewer

        user = get_user_model().objects.filter(username=CLINICAL_REVIEWERS.demo_username).first()
        if user is None or Reviewer.objects.filter(user=user).exists():
            return
        profile = Reviewer.objects.filter(user__isnull=True).order_by("name").first()
        if profile is not None:
            profile.user = user
            profile.save(update_fields=["user"])
            self.log(f"{user.username} approves as {profile}")

    def log(self, message):
        self.stdout.write(f"  {message}")

    def ensure_admin(self):
        User = get_user_model()
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "")
        user = User.objects.filter(username="admin").first()
        if user is not None and not password:
            self.stdout.write("Admin user 'admin' exists; password unchanged.")
            return PASSWORD_FILE.read_text().strip() if PASSWORD_FILE.exists() else None
        generated = not password
        password = password or secrets.token_urlsafe(12)
        if user is None:
            user = User(username="admin", email="admin@fascia.example")
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        if generated:
            # Kept beside the dev database so `make run` can show it again (dev only).
            PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
            PASSWORD_FILE.write_text(password + "\n")
            PASSWORD_FILE.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Demo login: admin / {password}"))
        return password

    def ensure_role_users(self, password):
        """One demo user per editorial role (editorial/roles.py), with the admin's password, so
        a newcomer can try each; an existing one is left as it is."""
        User = get_user_model()
        if password is None:  # the admin's password is not known here: the role users get one
            password = secrets.token_urlsafe(12)
        made = []
        for role in ROLES:
            user, created = User.objects.get_or_create(
                username=role.demo_username,
                defaults={"email": f"{role.demo_username}@fascia.example", "is_active": True},
            )
            if created:
                user.set_password(password)
                user.save()
                made.append(role.demo_username)
            user.groups.add(Group.objects.get(name=role.name))
        for role in ROLES:
            note = f" / {password}" if role.demo_username in made else ""
            self.stdout.write(f"  {role.demo_username}{note}: {role.name}. {role.description}")
