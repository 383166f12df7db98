-- The schema and two rows as ZoomKit wrote them before connections recorded who they are at Zoom
-- (pg_dump of a schema made by that code; tokens encrypted with AesGcmTokenProtector, key bytes 1..32).
-- The upgrade test loads it into a schema of its own, replacing fixture_v1.
CREATE SCHEMA fixture_v1;
CREATE TABLE fixture_v1.zoomkit_connections (
    id text NOT NULL,
    kind integer NOT NULL,
    account_id text,
    access_token bytea NOT NULL,
    refresh_token bytea,
    access_token_expires_at timestamp with time zone NOT NULL,
    scopes text NOT NULL,
    version bigint NOT NULL,
    reauth_reason integer,
    reauth_detail text,
    reauth_since timestamp with time zone,
    refresh_outcome_unknown_since timestamp with time zone,
    updated_at timestamp with time zone NOT NULL
);
CREATE TABLE fixture_v1.zoomkit_dataprotection_keys (
    id bigint NOT NULL,
    friendly_name text,
    xml text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE SEQUENCE fixture_v1.zoomkit_dataprotection_keys_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE fixture_v1.zoomkit_dataprotection_keys_id_seq OWNED BY fixture_v1.zoomkit_dataprotection_keys.id;
CREATE TABLE fixture_v1.zoomkit_refresh_attempts (
    attempt_id text NOT NULL,
    connection_id text NOT NULL,
    token_hash text NOT NULL,
    sent_at timestamp with time zone DEFAULT now() NOT NULL
);
ALTER TABLE ONLY fixture_v1.zoomkit_dataprotection_keys ALTER COLUMN id SET DEFAULT nextval('fixture_v1.zoomkit_dataprotection_keys_id_seq'::regclass);
INSERT INTO fixture_v1.zoomkit_connections VALUES ('user-1', 0, NULL, '\x01ae216c2ebdbb0748c598e3ae642f6b7972fd9bb74231d84382d7abe47c438fc1408d4fc7db792cf94320d18e1c99ae791790a93c', '\x01ae216c2eb092f4d1cb952e40e45ffaaff17aebbbfa76bb8661d1648e0761c097e18e102b2950ae6cb4dc6b9d1a85573322884f73f4', '2030-01-01 00:00:00+00', 'meeting:read meeting:write user:read', 1, NULL, NULL, NULL, NULL, '2026-11-30 10:17:20.758916+00');
INSERT INTO fixture_v1.zoomkit_connections VALUES ('account-1', 1, 'acc-1', '\x01ae216c2e34d814bc96a77ed088da001c95c891cac7dbde246823aca597d684d7c2933bb9d9760e16cff5e444f9a5e1a3f3', NULL, '2030-01-01 00:00:00+00', 'meeting:read:admin', 1, NULL, NULL, NULL, NULL, '2026-11-30 10:17:20.861442+00');
SELECT pg_catalog.setval('fixture_v1.zoomkit_dataprotection_keys_id_seq', 1, false);
ALTER TABLE ONLY fixture_v1.zoomkit_connections
    ADD CONSTRAINT zoomkit_connections_pkey PRIMARY KEY (id);
ALTER TABLE ONLY fixture_v1.zoomkit_dataprotection_keys
    ADD CONSTRAINT zoomkit_dataprotection_keys_pkey PRIMARY KEY (id);
ALTER TABLE ONLY fixture_v1.zoomkit_refresh_attempts
    ADD CONSTRAINT zoomkit_refresh_attempts_pkey PRIMARY KEY (attempt_id);
CREATE INDEX zoomkit_refresh_attempts_connection ON fixture_v1.zoomkit_refresh_attempts USING btree (connection_id, token_hash);
