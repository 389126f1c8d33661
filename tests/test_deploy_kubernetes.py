"""deploy/kubernetes/: every manifest valid against the Kubernetes schemas, offline, and shaped as README says.

``kubernetes-validate`` (pinned in requirements-dev.txt) carries the schemas in its wheel; strict mode
rejects a property the schema does not know (a misspelt field, not just a missing one). No cluster runs
here: nothing is applied, and the ingress annotations are checked by name against ingress-nginx's docs.
"""

from __future__ import annotations

import pytest
import yaml
from kubernetes_validate import validate
from kubernetes_validate.utils import ValidationError

from tests.browser import ROOT
from tests.test_deploy_container import env_of, instructions

KUBERNETES = ROOT / "deploy" / "kubernetes"
VERSION = "1.37.0"


def manifests() -> dict[str, dict]:
    found = {}
    for path in sorted(KUBERNETES.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            found[document["kind"]] = document
    return found


@pytest.fixture(scope="module")
def kinds():
    return manifests()


def test_every_manifest_is_valid_and_an_invalid_one_is_not(kinds):
    assert set(kinds) == {
        "Deployment",
        "Service",
        "Ingress",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "Secret",
    }
    for document in kinds.values():
        validate(document, VERSION, strict=True)
    bad = yaml.safe_load((KUBERNETES / "deployment.yaml").read_text())
    bad["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGet"]["paht"] = "/"
    with pytest.raises(ValidationError):
        validate(bad, VERSION, strict=True)


def test_the_deployment_runs_the_image_as_its_user_read_only_with_probes_and_the_shared_secret(kinds):
    pod = kinds["Deployment"]["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    steps = instructions((ROOT / "Dockerfile").read_text())
    user = dict(steps)["USER"].split(":")[0]
    assert pod["securityContext"]["runAsNonRoot"] is True and str(pod["securityContext"]["runAsUser"]) == user
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert {m["mountPath"] for m in container["volumeMounts"]} == {"/tmp"}  # the one writable place
    port = int(env_of(steps)["STREAMLIT_SERVER_PORT"])
    assert container["ports"] == [{"name": "http", "containerPort": port}]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}, probe
    resources = container["resources"]
    assert resources["requests"]["cpu"] == resources["limits"]["cpu"] == "1"  # one core: what was measured
    assert resources["requests"]["memory"] == "512Mi" and resources["limits"]["memory"] == "1Gi"
    secret = kinds["Secret"]
    (cookie,) = [e for e in container["env"] if e["name"] == "STREAMLIT_SERVER_COOKIE_SECRET"]
    ref = cookie["valueFrom"]["secretKeyRef"]
    assert ref["name"] == secret["metadata"]["name"] and ref["key"] in secret["stringData"]


def test_service_ingress_autoscaler_and_budget_point_at_the_deployment(kinds):
    labels = kinds["Deployment"]["spec"]["template"]["metadata"]["labels"]
    name = kinds["Deployment"]["metadata"]["name"]
    assert kinds["Deployment"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    service = kinds["Service"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    ingress = kinds["Ingress"]
    notes = ingress["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert notes[prefix + "affinity"] == "cookie" and notes[prefix + "affinity-mode"] == "persistent"
    assert notes[prefix + "session-cookie-name"]
    assert (
        int(notes[prefix + "proxy-read-timeout"]) >= 3600
        and int(notes[prefix + "proxy-send-timeout"]) >= 3600
    )
    assert ingress["spec"]["ingressClassName"] == "nginx"
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"] and backend["port"]["name"] == "http"
    hpa = kinds["HorizontalPodAutoscaler"]["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
    assert [m["resource"]["name"] for m in hpa["metrics"]] == ["cpu"] and hpa["minReplicas"] >= 2
    pdb = kinds["PodDisruptionBudget"]["spec"]
    assert pdb["selector"]["matchLabels"].items() <= labels.items() and pdb["maxUnavailable"] == 1
