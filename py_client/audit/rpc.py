"""Raw JSON-RPC over HTTP for the indexer: single calls and batches, answers as plain JSON.

The indexer reads many logs and block headers; going through web3.py would format every log into
AttributeDicts and HexBytes first. This client posts JSON-RPC documents with one kept-alive
``requests`` session and hands back the node's JSON as it is.

Example::

    >>> rpc = RawRpc("http://127.0.0.1:8545")  # doctest: +SKIP
    >>> rpc.call("eth_blockNumber")  # doctest: +SKIP
    '0x2a'
"""

from collections.abc import Sequence
from typing import Any

import requests

from py_client.audit.errors import NodeUnreachable, RpcError
from py_client.rpc_auth import RpcEndpoint

REQUEST_TIMEOUT_S = 120
BATCH_SIZE = 500  # below Besu's default --rpc-http-max-batch-size (1024)


class RawRpc:
    """A JSON-RPC endpoint spoken to without web3.py.

    Args:
        url: The node's HTTP JSON-RPC URL (``user:pass@`` is sent as basic authentication).
        timeout_s: Seconds to wait for one answer.
        jwt: A JWT for an authenticated node; ``RANTAI_RPC_JWT`` / ``_FILE`` when omitted.
    """

    def __init__(
        self, url: str, timeout_s: float = REQUEST_TIMEOUT_S, jwt: str | None = None
    ) -> None:
        endpoint = RpcEndpoint.from_url(url, jwt)
        self.url = endpoint.url
        self.timeout_s = timeout_s
        self.requests = 0
        self._session = requests.Session()
        self._session.headers["Content-Type"] = "application/json"
        self._session.headers.update(endpoint.headers)
        self._next_id = 0

    def _post(self, payload: Any, method: str) -> Any:
        self.requests += 1
        try:
            response = self._session.post(self.url, json=payload, timeout=self.timeout_s)
        except requests.RequestException as err:
            raise NodeUnreachable(
                method, None, f"cannot reach the node at {self.url}: {err}"
            ) from err
        try:
            return response.json()
        except ValueError as err:
            raise RpcError(
                method, response.status_code, f"not a JSON-RPC answer: {response.text[:200]!r}"
            ) from err

    def call(self, method: str, params: Sequence[Any] = ()) -> Any:
        """The result of one request.

        Raises:
            RpcError: The node answered with an error, or could not be reached.
        """
        self._next_id += 1
        answer = self._post(
            {"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": list(params)},
            method,
        )
        return _result(method, answer)

    def batch(self, method: str, params_list: Sequence[Sequence[Any]]) -> list[Any]:
        """The results of ``method`` for each parameter list, sent in batches of ``BATCH_SIZE``.

        Raises:
            RpcError: Any answer is an error (or missing).
        """
        results: list[Any] = []
        for start in range(0, len(params_list), BATCH_SIZE):
            chunk = params_list[start : start + BATCH_SIZE]
            payload = [
                {"jsonrpc": "2.0", "id": i, "method": method, "params": list(p)}
                for i, p in enumerate(chunk)
            ]
            answer = self._post(payload, method)
            if not isinstance(answer, list):
                _result(method, answer)  # a single error object for the whole batch raises
                raise RpcError(method, None, f"batch answered with {answer!r}")
            by_id = {a.get("id"): a for a in answer if isinstance(a, dict)}
            for i in range(len(chunk)):
                if i not in by_id:
                    raise RpcError(method, None, f"batch answer lacks request {i}")
                results.append(_result(method, by_id[i]))
        return results

    def close(self) -> None:
        """Close the HTTP session."""
        self._session.close()


def _result(method: str, answer: Any) -> Any:
    if not isinstance(answer, dict):
        raise RpcError(method, None, f"not a JSON-RPC answer: {str(answer)[:200]!r}")
    error = answer.get("error")
    if error is not None:
        if isinstance(error, dict):
            code = error.get("code")
            raise RpcError(
                method, code if isinstance(code, int) else None, str(error.get("message"))
            )
        raise RpcError(method, None, str(error))
    if "result" not in answer:
        raise RpcError(method, None, f"answer without a result: {str(answer)[:200]!r}")
    return answer["result"]
