// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title ZkcredRegistry: the EVM backend of zkcred's Ledger protocol (LEDGER.md)
/// @notice Append-only, versioned records keyed by a string id, hash-chained in one global chain.
///
/// Storage holds the state a verifier must be able to trust without replaying history: per record its owner,
/// latest version, the block of that version and the chain digest of that version; globally the head position,
/// the head digest and the block of the head. The record bytes themselves ("update data") live only in the
/// `Appended` events (8 gas a byte instead of 20,000 gas a 32-byte word) and are read back with eth_getLogs.
///
/// Hash chain (identical to the SQLite backend):
///   digest = SHA256(prev_digest || u64 position || u64 len(id) || id || u64 len(kind) || kind || u64 version
///                   || u64 time || SHA256(data)),  integers big-endian, prev of position 1 = 32 zero bytes,
/// where position is this contract's append counter (1, 2, ...; it increases with (block number, log index))
/// and time is the block timestamp.
///
/// Kinds: one of "did", "schema", "issuer", "predicate-keys", "registry-state", "registry-update" (codes 1..6 in
/// that order, stored per record); a record keeps the kind of its version 1 (`KindChanged` otherwise). A new
/// kind needs a new contract: readers can then rely on every stored kind being one they know.
///
/// Serialised appends: `append` takes the version the writer expects the record to be at (0: no record yet) and
/// reverts with `VersionConflict(recordKey, expected, found)` when it is at another one, so of two writers that
/// read version n only one appends n + 1, whatever their RPC nodes showed them. `ANY_VERSION` skips the check.
///
/// Access control: the account that writes version 1 of a record id owns it; only the owner may append later
/// versions (else `NotRecordOwner`) or hand the record to another account (`changeOwner`). Record ids that are
/// DID URLs with a path, query or fragment ("did:key:z.../registry/1") can only be created by the owner of the
/// DID's own record ("did:key:z..."), which must exist: an issuer's resources cannot be claimed by anyone else
/// once its DID document is on chain. (The DID record itself is first-come: resolvers must check that the
/// document binds the owning account to the DID's key, see contracts/README.md.)
contract ZkcredRegistry {
    struct Record {
        address owner;    // the account allowed to append (the first writer, or whom it handed the record to)
        uint40 version;   // latest version; 0: no such record
        uint48 lastBlock; // block number of the latest version's Appended event
        uint8 kind;       // kind code 1..6 (contract docs)
    }

    /// @notice One appended version. `prevBlock` is the block of this record's previous version (0 for version
    /// 1): readers walk a record's history backwards one eth_getLogs per version, as in ERC-1056.
    event Appended(
        bytes32 indexed recordKey,
        uint64 indexed position,
        string recordId,
        string kind,
        uint64 version,
        uint64 time,
        bytes data,
        bytes32 digest,
        uint64 prevBlock
    );
    event OwnerChanged(bytes32 indexed recordKey, address indexed previousOwner, address indexed newOwner);

    error NotRecordOwner(bytes32 recordKey, address owner);
    error BadRecordId();
    error BadKind();
    error KindChanged(bytes32 recordKey, uint8 kind);
    error UnknownRecord(bytes32 recordKey);
    error ZeroOwner();
    error VersionConflict(bytes32 recordKey, uint64 expected, uint64 found);

    uint256 public constant MAX_RECORD_ID = 256;
    uint64 public constant ANY_VERSION = type(uint64).max; // `expectedVersion` that appends whatever the version

    uint64 public head;        // position of the last entry (0: empty)
    uint64 public headBlock;   // block of the last entry (0: empty)
    uint64 public deployBlock; // where readers start scanning logs
    bytes32 public headDigest; // chain digest of the last entry (32 zero bytes: empty)

    mapping(bytes32 => Record) private _records;  // keccak256(bytes(recordId)) => record
    mapping(bytes32 => bytes32) private _digests; // keccak256(bytes(recordId)) => digest of its latest version

    constructor() {
        deployBlock = uint64(block.number);
    }

    /// @notice Append the next version of `recordId` (1..256 printable ASCII bytes) of `kind` (one of the six
    /// kinds) carrying `data`, if the record is at `expectedVersion` now (0: none yet; `ANY_VERSION`: any).
    /// Returns the new entry's position, version and chain digest.
    function append(string calldata recordId, string calldata kind, bytes calldata data, uint64 expectedVersion)
        external
        returns (uint64 position, uint64 version, bytes32 digest)
    {
        bytes32 key = keccak256(bytes(recordId));
        Record storage r = _records[key];
        require(expectedVersion == ANY_VERSION || expectedVersion == r.version,
                VersionConflict(key, expectedVersion, r.version));
        uint48 prevBlock = r.lastBlock;
        uint8 code = _kindCode(kind);
        if (r.version == 0) {
            uint256 didEnd = _checkRecordId(bytes(recordId));
            if (didEnd != 0) {
                bytes32 didKey = keccak256(bytes(recordId[:didEnd]));
                Record storage did = _records[didKey];
                if (did.version == 0) revert UnknownRecord(didKey);
                if (did.owner != msg.sender) revert NotRecordOwner(didKey, did.owner);
            }
            r.owner = msg.sender;
            r.kind = code;
        } else {
            if (r.owner != msg.sender) revert NotRecordOwner(key, r.owner);
            if (r.kind != code) revert KindChanged(key, r.kind);
        }
        version = uint64(r.version) + 1;
        position = head + 1;
        digest = _chain(position, recordId, kind, version, data);
        r.version = uint40(version);
        r.lastBlock = uint48(block.number);
        _digests[key] = digest;
        head = position;
        headBlock = uint64(block.number);
        headDigest = digest;
        emit Appended(key, position, recordId, kind, version, uint64(block.timestamp), data, digest, prevBlock);
    }

    /// @notice Hand `recordId` to `newOwner` (only its current owner may).
    function changeOwner(string calldata recordId, address newOwner) external {
        if (newOwner == address(0)) revert ZeroOwner();
        bytes32 key = keccak256(bytes(recordId));
        Record storage r = _records[key];
        if (r.version == 0) revert UnknownRecord(key);
        if (r.owner != msg.sender) revert NotRecordOwner(key, r.owner);
        r.owner = newOwner;
        emit OwnerChanged(key, msg.sender, newOwner);
    }

    /// @notice A record's owner, latest version (0: none), block of that version, its chain digest and kind code.
    function record(string calldata recordId)
        external
        view
        returns (address owner, uint64 version, uint64 lastBlock, bytes32 digest, uint8 kind)
    {
        bytes32 key = keccak256(bytes(recordId));
        Record storage r = _records[key];
        return (r.owner, r.version, r.lastBlock, _digests[key], r.kind);
    }

    /// @notice The global state in one call: head position, head digest, head block and deployment block.
    function state() external view returns (uint64, bytes32, uint64, uint64) {
        return (head, headDigest, headBlock, deployBlock);
    }

    function _chain(uint64 position, string calldata recordId, string calldata kind, uint64 version,
                    bytes calldata data) private view returns (bytes32) {
        return sha256(abi.encodePacked(
            headDigest, position, uint64(bytes(recordId).length), recordId, uint64(bytes(kind).length), kind,
            version, uint64(block.timestamp), sha256(data)));
    }

    /// Checks 1..256 printable ASCII bytes; returns the length of the DID part when the id is a DID URL with a
    /// path, query or fragment ("did:" + at least one byte, then '/', '?' or '#'), else 0.
    function _checkRecordId(bytes calldata id) private pure returns (uint256 didEnd) {
        uint256 n = id.length;
        if (n == 0 || n > MAX_RECORD_ID) revert BadRecordId();
        uint256 bad;
        assembly ("memory-safe") {
            // "did:" = 0x6469643a in the first four bytes
            let isDid := and(gt(n, 4), eq(shr(224, calldataload(id.offset)), 0x6469643a))
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                let c := byte(0, calldataload(add(id.offset, i)))
                bad := or(bad, or(lt(c, 0x20), gt(c, 0x7e)))
                if and(isDid, and(iszero(didEnd), gt(i, 4))) {
                    if or(eq(c, 0x2f), or(eq(c, 0x3f), eq(c, 0x23))) { didEnd := i } // '/', '?', '#'
                }
            }
        }
        if (bad != 0) revert BadRecordId();
    }

    /// The code of a kind (1..6, contract docs); BadKind for any other string.
    function _kindCode(string calldata kind) private pure returns (uint8) {
        bytes32 h = keccak256(bytes(kind));
        if (h == keccak256("did")) return 1;
        if (h == keccak256("schema")) return 2;
        if (h == keccak256("issuer")) return 3;
        if (h == keccak256("predicate-keys")) return 4;
        if (h == keccak256("registry-state")) return 5;
        if (h == keccak256("registry-update")) return 6;
        revert BadKind();
    }
}
