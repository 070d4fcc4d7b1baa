-- Access: the audit log, and a per-user token version so a password change or a deactivation
-- ends every session issued before it.

ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0;

-- Who did what to which object, when and from where. No foreign key on the actor: the history
-- outlives deleted users, so the username is kept alongside the id.
CREATE TABLE audit_log (
  id uuid PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_username text,
  action text NOT NULL,
  target_type text,
  target_id text,
  ip text,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_created_at_idx ON audit_log (created_at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, created_at DESC);
CREATE INDEX audit_log_action_idx ON audit_log (action, created_at DESC);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);
