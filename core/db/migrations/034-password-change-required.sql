-- A person given a temporary password by an admin (an invitation or a reset) chooses their
-- own at the first sign-in: until then their session answers only the sign-in, session,
-- sign-out and new-password routes (dashboard/server/plugins/app/auth). Existing accounts
-- chose their passwords, or sign in through single sign-on: false.
ALTER TABLE users ADD COLUMN password_change_required BOOLEAN DEFAULT false;
