"""The tamper-evident ledger (区块链存证 without a blockchain).

An append-only hash chain: entry n holds the hash of entry n-1, the SHA-256 of its own
payload (and of its file, if any), time, actor and kind; its hash is signed with the unit's
Ed25519 key. ``verify`` walks the chain and names the first bad entry; ``head`` is the hash
to anchor elsewhere (print it, mail it, publish it), which also exposes a truncated tail.

Appends lock the single ``ledger_head`` row, so concurrent writers queue up instead of
forking the chain; callers append inside their own transaction, so an event and its
ledger entry commit or roll back together.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.casebook.filestore import FileStore
from jiancha.casebook.record import naive
from jiancha.casebook.tables import ClueEvent, CustodyEvent, DossierFile, LedgerEntry, LedgerHead
from jiancha.errors import LedgerError

GENESIS = "0" * 64
PRIVATE_KEY_FILE = "ledger_ed25519.key"
PUBLIC_KEY_SUFFIX = ".pub"

# Kinds of entry; "clue_event" entries mirror a clue_event row that verify re-reads.
KIND_CLUE_EVENT = "clue_event"
KIND_DOCUMENT = "document"
KIND_FILE = "file"
KIND_CUSTODY = "custody"

# How verify re-reads the row a register's entry mirrors (casebook.registers): given the
# entry's payload, what the row is when it no longer says the same (None: it does).
SourceCheck = Callable[[Session, dict[str, Any]], str | None]


def canonical(value: Any) -> str:
    """The one JSON text a value hashes as: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- keys -------------------------------------------------------------------------------


def _key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_or_create_key(key_dir: Path) -> Ed25519PrivateKey:
    """The unit's signing key in ``key_dir``, generated there on first use.

    The public key is also written as ``<key id>.pub`` so a verifier without the private
    key (an auditor) can check the chain, and old public keys survive a key rotation.
    """
    key_dir = Path(key_dir)
    private_path = key_dir / PRIVATE_KEY_FILE
    if private_path.exists():
        loaded = serialization.load_pem_private_key(private_path.read_bytes(), password=None)
        if not isinstance(loaded, Ed25519PrivateKey):
            raise LedgerError(f"存证密钥 {private_path} 不是 Ed25519 私钥")
        return loaded
    key_dir.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # create with 0600 from the start: the key is never world-readable, not even briefly
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    _write_public(key_dir, key.public_key())
    return key


def _write_public(key_dir: Path, public: Ed25519PublicKey) -> None:
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (key_dir / f"{_key_id(public)}{PUBLIC_KEY_SUFFIX}").write_bytes(pem)


def public_keys(key_dir: Path) -> dict[str, Ed25519PublicKey]:
    """Every public key kept in ``key_dir``, by key id."""
    keys: dict[str, Ed25519PublicKey] = {}
    for path in sorted(Path(key_dir).glob(f"*{PUBLIC_KEY_SUFFIX}")):
        loaded = serialization.load_pem_public_key(path.read_bytes())
        if isinstance(loaded, Ed25519PublicKey):
            keys[_key_id(loaded)] = loaded
    return keys


# -- views ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerHeadView:
    seq: int
    entry_hash: str


@dataclass(frozen=True)
class LedgerEntryView:
    seq: int
    at: datetime
    actor: str
    kind: str
    subject: str
    payload: dict[str, Any]
    payload_sha256: str
    file_sha256: str | None
    prev_hash: str
    entry_hash: str
    key_id: str


PROBLEM_LABELS: dict[str, str] = {
    "deleted": "条目被删除",
    "inserted": "条目被插入或伪造",
    "reordered": "条目顺序被调换",
    "edited": "条目内容被修改",
    "chain_broken": "哈希链断裂",
    "file_changed": "文件被修改",
    "file_missing": "文件缺失",
    "source_edited": "原始记录被修改",
    "truncated": "链尾条目被删除",
    "unknown_head": "锚定的链头不在账本中",
}


@dataclass(frozen=True)
class LedgerProblem:
    seq: int
    kind: str
    message: str


@dataclass(frozen=True)
class LedgerReport:
    """What ``verify`` found: ``ok`` or the problems, the first bad entry first."""

    entries: int
    head: LedgerHeadView | None
    problems: list[LedgerProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad(self) -> LedgerProblem | None:
        return self.problems[0] if self.problems else None


# -- the ledger -------------------------------------------------------------------------


def _entry_hash(
    seq: int,
    at: datetime,
    actor: str,
    kind: str,
    subject: str,
    payload_sha256: str,
    file_sha256: str | None,
    prev_hash: str,
    key_id: str,
) -> str:
    header = {
        "seq": seq,
        "at": at.isoformat(),
        "actor": actor,
        "kind": kind,
        "subject": subject,
        "payload_sha256": payload_sha256,
        "file_sha256": file_sha256,
        "prev_hash": prev_hash,
        "key_id": key_id,
    }
    return sha256_text(canonical(header))


def _stored_hash(row: LedgerEntry) -> str:
    return _entry_hash(
        row.seq,
        row.at,
        row.actor,
        row.kind,
        row.subject,
        row.payload_sha256,
        row.file_sha256,
        row.prev_hash,
        row.key_id,
    )


def event_payload(row: ClueEvent) -> dict[str, Any]:
    """What a clue_event entry records of the event row (verify compares it again)."""
    return json.loads(
        canonical(
            {
                "event_id": row.id,
                "clue_id": row.clue_id,
                "at": row.at.isoformat(),
                "actor": row.actor,
                "kind": row.kind,
                "from_status": row.from_status,
                "to_status": row.to_status,
                "reason": row.reason,
                "detail": row.detail,
            }
        )
    )


def custody_payload(row: CustodyEvent) -> dict[str, Any]:
    """What a custody entry records of its custody_event row (verify compares it again)."""
    return json.loads(
        canonical(
            {
                "custody_event_id": row.id,
                "item_ref": row.item_ref,
                "clue_id": row.clue_id,
                "at": row.at.isoformat(),
                "actor": row.actor,
                "from_state": row.from_state,
                "to_state": row.to_state,
                "detail": row.detail,
            }
        )
    )


def dossier_payload(row: DossierFile) -> dict[str, Any]:
    """What a dossier file's entry records of its dossier_file row."""
    return {"dossier_file_id": row.id, "filename": row.filename, "sha256": row.sha256}


class Ledger:
    """The unit's ledger: its signing key lives in ``key_dir``, its files in ``files``."""

    def __init__(self, key_dir: Path, files: FileStore | None = None) -> None:
        self.key_dir = Path(key_dir)
        self.files = files
        self._key: Ed25519PrivateKey | None = None

    @property
    def key(self) -> Ed25519PrivateKey:
        if self._key is None:
            self._key = load_or_create_key(self.key_dir)
        return self._key

    @property
    def key_id(self) -> str:
        return _key_id(self.key.public_key())

    # -- writing ----------------------------------------------------------------------

    def append(
        self,
        session: Session,
        *,
        kind: str,
        actor: str,
        subject: str,
        payload: dict[str, Any],
        at: datetime | None = None,
        file_sha256: str | None = None,
    ) -> LedgerEntryView:
        """Add an entry in the caller's transaction (it commits with the caller's work)."""
        head = self._lock_head(session)
        # store exactly the JSON that was hashed, so the database round trip cannot differ
        stored = json.loads(canonical(payload))
        payload_sha = sha256_text(canonical(stored))
        moment = naive(at or datetime.now())
        seq = head.seq + 1
        key_id = self.key_id
        entry_hash = _entry_hash(
            seq, moment, actor, kind, subject, payload_sha, file_sha256, head.entry_hash, key_id
        )
        row = LedgerEntry(
            seq=seq,
            at=moment,
            actor=actor,
            kind=kind,
            subject=subject,
            payload=stored,
            payload_sha256=payload_sha,
            file_sha256=file_sha256,
            prev_hash=head.entry_hash,
            entry_hash=entry_hash,
            key_id=key_id,
            signature=self.key.sign(entry_hash.encode("ascii")).hex(),
        )
        session.add(row)
        head.seq, head.entry_hash = seq, entry_hash
        session.flush()
        return _entry_view(row)

    def record_event(self, session: Session, event: ClueEvent, subject: str) -> LedgerEntryView:
        """The ledger entry of a clue event (the event must be flushed: it needs its id)."""
        return self.append(
            session,
            kind=KIND_CLUE_EVENT,
            actor=event.actor,
            subject=subject,
            payload=event_payload(event),
            at=event.at,
        )

    def lock(self, session: Session) -> None:
        """Hold the ledger head until the caller's transaction ends (serialises writers
        that hand out numbers before they append)."""
        self._lock_head(session)

    def _lock_head(self, session: Session) -> LedgerHead:
        head = session.scalar(select(LedgerHead).where(LedgerHead.id == 1).with_for_update())
        if head is None:
            head = LedgerHead(id=1, seq=0, entry_hash=GENESIS)
            session.add(head)
            session.flush()
        return head

    # -- reading ----------------------------------------------------------------------

    def head(self, session: Session) -> LedgerHeadView:
        """The newest entry's seq and hash: what to anchor outside the casebook."""
        head = session.get(LedgerHead, 1)
        if head is None:
            return LedgerHeadView(0, GENESIS)
        return LedgerHeadView(head.seq, head.entry_hash)

    def entries(self, session: Session, subject: str | None = None) -> list[LedgerEntryView]:
        """Every entry, oldest first; with ``subject`` (``clue:C000123``) only its entries."""
        query = select(LedgerEntry).order_by(LedgerEntry.seq)
        if subject is not None:
            query = query.where(LedgerEntry.subject == subject)
        return [_entry_view(r) for r in session.scalars(query)]

    def verify(
        self,
        session: Session,
        anchored_head: str | None = None,
        sources: Mapping[str, SourceCheck] | None = None,
    ) -> LedgerReport:
        """Walk the chain and report every bad entry, the first one first.

        ``anchored_head`` is a head hash exported earlier: it must still be in the chain
        (else entries up to it were rewritten or removed). ``sources``: by entry kind, how
        to re-read the register row an entry mirrors.
        """
        rows = list(session.scalars(select(LedgerEntry).order_by(LedgerEntry.seq)))
        checker = _Checker(public_keys(self.key_dir), self.files, session, sources or {})
        problems = checker.walk(rows)
        head = self.head(session)
        last = rows[-1] if rows else None
        if last is not None and (head.seq, head.entry_hash) != (last.seq, last.entry_hash):
            problems.append(
                LedgerProblem(
                    last.seq + 1 if head.seq > last.seq else head.seq,
                    "truncated",
                    f"账本链头记为第 {head.seq} 条，实际最后一条是第 {last.seq} 条："
                    "链尾被删除或改动",
                )
            )
        if anchored_head is not None and anchored_head not in {r.entry_hash for r in rows}:
            problems.append(
                LedgerProblem(
                    head.seq,
                    "unknown_head",
                    f"锚定的链头 {anchored_head[:16]}… 不在账本中：其前的条目被改写或删除",
                )
            )
        problems.sort(key=lambda p: p.seq)
        return LedgerReport(len(rows), head if rows else None, problems)


class _Checker:
    """The checks of one verify walk."""

    def __init__(
        self,
        keys: dict[str, Ed25519PublicKey],
        files: FileStore | None,
        session: Session,
        sources: Mapping[str, SourceCheck],
    ) -> None:
        self.keys = keys
        self.files = files
        self.session = session
        self.sources = sources

    def walk(self, rows: list[LedgerEntry]) -> list[LedgerProblem]:
        problems: list[LedgerProblem] = []
        prev, expected_seq = GENESIS, 1
        for index, row in enumerate(rows):
            later = {r.entry_hash for r in rows[index + 1 :]}
            problem = self._check(row, prev, expected_seq, later)
            if problem is not None:
                problems.append(problem)
            prev, expected_seq = row.entry_hash, row.seq + 1
        return problems

    def _check(
        self, row: LedgerEntry, prev: str, expected_seq: int, later: set[str]
    ) -> LedgerProblem | None:
        def problem(kind: str, what: str) -> LedgerProblem:
            seq = expected_seq if kind == "deleted" else row.seq
            return LedgerProblem(seq, kind, f"账本第 {seq} 条：{PROBLEM_LABELS[kind]}（{what}）")

        if row.seq != expected_seq:
            return problem("deleted", f"第 {expected_seq}–{row.seq - 1} 条不见了")
        if row.prev_hash != prev:
            if row.prev_hash in later:
                return problem("reordered", "前序哈希指向其后的条目")
            return problem("chain_broken", "前序哈希与上一条不符")
        if sha256_text(canonical(row.payload)) != row.payload_sha256:
            return problem("edited", "内容与其哈希不符")
        if _stored_hash(row) != row.entry_hash:
            return problem("edited", "条目字段与条目哈希不符")
        if not self._signed(row):
            return problem("inserted", f"签名无效，签名密钥 {row.key_id}")
        return self._check_file(row) or self._check_source(row)

    def _signed(self, row: LedgerEntry) -> bool:
        key = self.keys.get(row.key_id)
        if key is None:
            return False
        try:
            key.verify(bytes.fromhex(row.signature), row.entry_hash.encode("ascii"))
        except (InvalidSignature, ValueError):
            return False
        return True

    def _check_file(self, row: LedgerEntry) -> LedgerProblem | None:
        if row.file_sha256 is None or self.files is None:
            return None
        if not self.files.exists(row.file_sha256):
            return LedgerProblem(
                row.seq, "file_missing", f"账本第 {row.seq} 条：文件 {row.file_sha256[:12]}… 缺失"
            )
        actual = hashlib.sha256(self.files.path(row.file_sha256).read_bytes()).hexdigest()
        if actual != row.file_sha256:
            return LedgerProblem(
                row.seq,
                "file_changed",
                f"账本第 {row.seq} 条：文件 {row.file_sha256[:12]}… 的内容已被修改",
            )
        return None

    def _check_source(self, row: LedgerEntry) -> LedgerProblem | None:
        """The row an entry mirrors must still say what the entry recorded."""
        if row.kind == KIND_CLUE_EVENT:
            event = self.session.get(ClueEvent, row.payload.get("event_id"))
            if event is None or event_payload(event) != row.payload:
                return _source_problem(row, "线索流程记录", row.payload.get("event_id"))
        elif row.kind == KIND_CUSTODY:
            custody = self.session.get(CustodyEvent, row.payload.get("custody_event_id"))
            if custody is None or custody_payload(custody) != row.payload:
                return _source_problem(row, "涉案财物保管记录", row.payload.get("custody_event_id"))
        elif row.kind == KIND_FILE and "dossier_file_id" in row.payload:
            dossier = self.session.get(DossierFile, row.payload["dossier_file_id"])
            if dossier is None or dossier_payload(dossier) != row.payload:
                return _source_problem(row, "卷宗文件记录", row.payload["dossier_file_id"])
        elif row.kind in self.sources:
            changed = self.sources[row.kind](self.session, row.payload)
            if changed is not None:
                return LedgerProblem(
                    row.seq, "source_edited", f"账本第 {row.seq} 条：{changed} 被修改或删除"
                )
        return None


def _source_problem(row: LedgerEntry, what: str, ref: Any) -> LedgerProblem:
    return LedgerProblem(
        row.seq, "source_edited", f"账本第 {row.seq} 条：{what} {ref} 被修改或删除"
    )


def _entry_view(row: LedgerEntry) -> LedgerEntryView:
    return LedgerEntryView(
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        kind=row.kind,
        subject=row.subject,
        payload=dict(row.payload),
        payload_sha256=row.payload_sha256,
        file_sha256=row.file_sha256,
        prev_hash=row.prev_hash,
        entry_hash=row.entry_hash,
        key_id=row.key_id,
    )
