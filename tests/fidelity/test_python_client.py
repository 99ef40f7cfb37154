"""OVH's official python client (`ovh` from PyPI) against ovh-sim, unchanged."""

import json
import urllib.request

import ovh
import pytest
from ovh.exceptions import BadParametersError, InvalidCredential, NotGrantedCall

from conftest import AK, AS, CK, CLIENT_ID, CLIENT_SECRET, running_sim


def client(endpoint, secret=AS, consumer_key=CK):
    return ovh.Client(endpoint=endpoint, application_key=AK, application_secret=secret, consumer_key=consumer_key)


def dataset(sim):
    with urllib.request.urlopen(sim + "/_sim/dataset") as r:
        return json.load(r)


def test_signed_get_without_query(sim, endpoint):
    c = client(endpoint)
    assert c.get("/me")["nichandle"] == dataset(sim)["me"]["nichandle"]
    ids = c.get("/cloud/project")
    assert ids == [p["project"]["project_id"] for p in dataset(sim)["projects"]]


def test_signed_get_with_query_string(sim, endpoint):
    c = client(endpoint)
    project = c.get("/cloud/project")[0]
    # Keyword arguments become a query string, which is part of the signed URL.
    region = dataset(sim)["projects"][0]["instances"][0]["region"]
    instances = c.get(f"/cloud/project/{project}/instance", region=region)
    assert instances and all(i["region"] == region for i in instances)
    actions = c.get("/v2/iam/reference/action", resourceType="publicCloudProject")
    assert any(a["action"] == "publicCloudProject:apiovh:instance/get" for a in actions)


def test_signed_v1_and_v2_paths(sim, endpoint):
    c = client(endpoint)
    v1 = c.get("/v1/cloud/project")
    v2 = c.get("/v2/publicCloud/project")
    assert sorted(v1) == sorted(p["id"] for p in v2)


def test_signed_post_with_json_body(sim, endpoint):
    c = client(endpoint)
    created = c.post(
        "/me/api/oauth2/client",
        name="Aurora Integration",
        description="Aurora cloud management platform",
        flow="AUTHORIZATION_CODE",
        callbackUrls=["aurora://ovh/oauth2/callback"],
    )
    assert created["clientId"] and created["clientSecret"]
    detail = c.get(f"/me/api/oauth2/client/{created['clientId']}")
    assert detail["callbackUrls"] == ["aurora://ovh/oauth2/callback"]
    assert detail["identity"].endswith("/oauth2-" + created["clientId"])
    c.delete(f"/me/api/oauth2/client/{created['clientId']}")


def test_wrong_secret_is_refused_with_ovh_error(sim, endpoint):
    c = client(endpoint, secret="x" * 32)
    with pytest.raises(BadParametersError) as err:
        c.get("/me")
    assert str(err.value).startswith("Invalid signature")
    assert err.value.response.status_code == 400
    assert err.value.response.json()["errorCode"] == "INVALID_SIGNATURE"
    assert err.value.query_id


def test_pending_consumer_key_is_refused_then_works_once_validated(sim, endpoint):
    c = ovh.Client(endpoint=endpoint, application_key=AK, application_secret=AS)
    request = c.new_consumer_key_request()
    request.add_rules(ovh.API_READ_ONLY, "/me")
    request.add_rule("GET", "/cloud/project")
    request.add_recursive_rules(ovh.API_READ_ONLY, "/cloud/project")
    answer = request.request()
    assert answer["state"] == "pendingValidation"
    assert answer["validationUrl"].startswith(sim + "/auth/?credentialToken=")

    pending = client(endpoint, consumer_key=answer["consumerKey"])
    with pytest.raises(InvalidCredential) as err:
        pending.get("/me")
    assert err.value.response.status_code == 403
    assert err.value.response.json()["errorCode"] == "INVALID_CREDENTIAL"

    # A person validates on the simulator's page (the form posts back to /auth/).
    page = urllib.request.urlopen(answer["validationUrl"]).read().decode()
    assert 'name="credentialToken"' in page
    token = answer["validationUrl"].split("credentialToken=")[1]
    form = f"credentialToken={token}&action=validate&duration=0".encode()
    urllib.request.urlopen(urllib.request.Request(sim + "/auth/", data=form, method="POST")).read()

    assert pending.get("/me")["nichandle"]
    current = pending.get("/auth/currentCredential")
    assert current["status"] == "validated"
    assert {"method": "GET", "path": "/cloud/project/*"} in current["rules"]
    with pytest.raises(NotGrantedCall):
        pending.get("/dedicated/server")


def test_time_is_a_bare_integer(sim, endpoint):
    c = client(endpoint)
    assert isinstance(c.get("/auth/time", _need_auth=False), int)


def test_oauth2_client_credentials(sim, endpoint, monkeypatch):
    # oauthlib refuses plain http unless told otherwise; the simulator only speaks http.
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    c = ovh.Client(endpoint=endpoint, client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    assert c.get("/me")["nichandle"] == dataset(sim)["me"]["nichandle"]
    assert c.get("/v2/publicCloud/project")[0]["id"]

    bad = ovh.Client(endpoint=endpoint, client_id=CLIENT_ID, client_secret="wrong")
    with pytest.raises(ovh.exceptions.OAuth2FailureError) as err:
        bad.get("/me")
    assert "invalid_client" in str(err.value)


def test_server_clock_an_hour_behind(endpoint):
    # The client learns the delta from /auth/time, as with a real OVH whose clock differs.
    import ovh.client

    with running_sim("--clock-offset-secs", "-3600") as url:
        ovh.client.ENDPOINTS[endpoint] = url + "/1.0"
        c = client(endpoint)
        assert abs(c.time_delta + 3600) <= 2
        assert c.get("/me")["nichandle"]


def test_signed_list_aggregation_through_raw_call(sim, endpoint):
    # The python client sends extra headers with raw_call, as OVH's Manager
    # does for its aggregated ("iceberg") lists; the signature does not cover them.
    c = client(endpoint)
    r = c.raw_call("GET", "/cloud/project", headers={"X-Pagination-Mode": "CachedObjectList-Pages", "X-Pagination-Size": "2"})
    assert r.status_code == 200
    projects = dataset(sim)["projects"]
    assert int(r.headers["X-Pagination-Elements"]) == len(projects)
    assert r.json() == [p["project"] for p in projects[:2]]


def _active_instance(c, project):
    return next(i for i in c.get(f"/cloud/project/{project}/instance") if i["status"] == "ACTIVE")


def _wait_for_status(c, project, instance_id, status):
    import time

    for _ in range(100):
        if c.get(f"/cloud/project/{project}/instance/{instance_id}")["status"] == status:
            return
        time.sleep(0.05)
    raise AssertionError(f"{instance_id} never reached {status}")


def test_instance_power_actions_settle_and_reboot_type_is_checked(endpoint):
    with running_sim("--action-delay-ms", "200") as url:
        import ovh.client

        ovh.client.ENDPOINTS[endpoint] = url + "/1.0"
        c = client(endpoint)
        project = c.get("/cloud/project")[0]
        instance = _active_instance(c, project)
        base = f"/cloud/project/{project}/instance/{instance['id']}"
        assert c.post(base + "/stop") is None
        _wait_for_status(c, project, instance["id"], "SHUTOFF")
        c.post(base + "/start")
        _wait_for_status(c, project, instance["id"], "ACTIVE")
        with pytest.raises(BadParametersError) as refused:
            c.post(base + "/reboot", type="gentle")
        assert "gentle" in str(refused.value)
        c.post(base + "/reboot", type="hard")
        assert c.get(base)["status"] == "HARD_REBOOT"
        _wait_for_status(c, project, instance["id"], "ACTIVE")


def test_flavor_image_names_kubeconfig_and_own_api_logs(endpoint):
    with running_sim() as url:
        import ovh.client

        ovh.client.ENDPOINTS[endpoint] = url + "/1.0"
        c = client(endpoint)
        project = c.get("/cloud/project")[0]
        instance = c.get(f"/cloud/project/{project}/instance/{c.get(f'/cloud/project/{project}/instance')[0]['id']}")
        flavors = {f["id"]: f["name"] for f in c.get(f"/cloud/project/{project}/flavor", region=instance["region"])}
        images = {m["id"]: m["name"] for m in c.get(f"/cloud/project/{project}/image", region=instance["region"])}
        assert flavors[instance["flavorId"]] == instance["flavor"]["name"]
        assert images[instance["imageId"]] == instance["image"]["name"]
        kube = c.get(f"/cloud/project/{project}/kube")[0]
        config = c.post(f"/cloud/project/{project}/kube/{kube}/kubeconfig")
        assert config["content"].startswith("apiVersion: v1") and "kind: Config" in config["content"]
        ids = c.get("/me/api/logs/self")
        newest = c.get(f"/me/api/logs/self/{ids[-1]}")
        assert newest["method"] == "POST"
        assert newest["path"] == f"/cloud/project/{project}/kube/{kube}/kubeconfig"
        assert newest["route"] == "/cloud/project/{serviceName}/kube/{kubeId}/kubeconfig"


def test_a_read_only_key_may_not_stop_an_instance(endpoint):
    with running_sim() as url:
        import ovh.client

        ovh.client.ENDPOINTS[endpoint] = url + "/1.0"
        c = client(endpoint)
        request = ovh.Client(endpoint=endpoint, application_key=AK, application_secret=AS).request_consumerkey(
            [{"method": "GET", "path": "/*"}]
        )
        urllib.request.urlopen(
            urllib.request.Request(url + f"/_sim/credentials/{request['consumerKey']}/validate", data=b"{}", method="POST")
        )
        reader = client(endpoint, consumer_key=request["consumerKey"])
        project = reader.get("/cloud/project")[0]
        instance = _active_instance(reader, project)
        with pytest.raises(NotGrantedCall):
            reader.post(f"/cloud/project/{project}/instance/{instance['id']}/stop")
        assert c.get(f"/cloud/project/{project}/instance/{instance['id']}")["status"] == "ACTIVE"
