"""JupyterHub for a class on one server: the bplab course for each learner.

Run it from the repository's folder, as root (PAM logs the learners in
with their system passwords and each server runs as its own user):

    jupyterhub -f deploy/jupyterhub_config.py

Each learner is a system user of this machine and gets their own
JupyterLab, running as that user in their home directory, with the
Python environment the hub runs in (install it with
`pip install -c constraints.txt ".[hub]"`). The course reaches them as
an nbgitpuller link (deploy/README.md), and servers left idle for an
hour are stopped by jupyterhub-idle-culler. The class list is
deploy/learners.txt, one user name a line; BPLAB_LEARNERS names another.
"""
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (given by JupyterHub)

HERE = Path(__file__).resolve().parent
LEARNERS = Path(os.environ.get("BPLAB_LEARNERS", HERE / "learners.txt"))
IDLE_TIMEOUT = 3600  # seconds without activity before a server stops


def names(path):
    """The user names in a class list: one a line, # starts a comment."""
    if not path.is_file():
        return set()
    lines = (line.split("#")[0].strip() for line in path.read_text()
             .splitlines())
    return {line for line in lines if line}


# -- who: system users, logged in with their password (PAM) --------------
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = names(LEARNERS)
c.Authenticator.admin_users = {"teacher"}
c.LocalAuthenticator.create_system_users = True  # adds missing learners

# -- where: behind your TLS proxy, or open the port to the class ----------
c.JupyterHub.bind_url = os.environ.get("BPLAB_HUB_URL",
                                       "http://127.0.0.1:8000")

# -- what each learner runs: JupyterLab with the course -------------------
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
LEARNER = {
    # deploy/learner/: the teacher's tools (nbgrader, Voila, language
    # servers) stay out of a learner's server and JupyterLab
    "JUPYTER_CONFIG_PATH": str(HERE / "learner"),
    # one thread per learner's kernel (torch, numpy and OpenMP would each
    # start one per core): a class shares the cores, none oversubscribes
    "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
}


def learner_settings(spawner):
    """Every server but an admin's (the teacher's) gets LEARNER."""
    if not spawner.user.admin:
        spawner.environment = {**spawner.environment, **LEARNER}


c.Spawner.pre_spawn_hook = learner_settings
c.Spawner.mem_limit = "1G"  # enforced by spawners that can (containers)
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 60

# -- idle servers are stopped: jupyterhub-idle-culler as a hub service ----
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                f"--timeout={IDLE_TIMEOUT}"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers",
               "delete:servers"],
    "services": ["idle-culler"],
}]
