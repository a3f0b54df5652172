//! Tokens: session, refresh before expiry, sign-out (local revoke, global).

use cognito_auth::{AuthError, FetchAuthSessionOptions, RemoteSignOut, SignInInput, SignOutInput};
use cognito_auth_e2e::{Env, e2e, mock_cognito::PoolConfig, pool, user};

fn users_pool(secret: bool) -> PoolConfig {
    let mut p = pool(secret);
    p.users
        .push(user("alice", "Corr3ct-Horse!", "alice@example.com"));
    p
}

async fn session_and_refresh(env: Env) {
    let auth = env.auth();
    assert!(matches!(
        auth.get_current_user().await.unwrap_err(),
        AuthError::UserUnAuthenticated
    ));
    assert!(
        auth.fetch_auth_session(FetchAuthSessionOptions::default())
            .await
            .unwrap()
            .tokens
            .is_none()
    );
    auth.sign_in(SignInInput::new("alice", "Corr3ct-Horse!"))
        .await
        .unwrap();
    let s1 = auth
        .fetch_auth_session(FetchAuthSessionOptions::default())
        .await
        .unwrap();
    let t1 = s1.tokens.unwrap();
    assert!(s1.user_sub.is_some());
    // Nearly an hour later (both clocks move): refreshed before expiry.
    env.mock.clock().advance(3600 - 30);
    let s2 = auth
        .fetch_auth_session(FetchAuthSessionOptions::default())
        .await
        .unwrap();
    let t2 = s2.tokens.unwrap();
    assert_ne!(t1.access_token, t2.access_token, "refreshed");
    assert!(t2.expires_at.unwrap() > t1.expires_at.unwrap());
    assert_eq!(s2.user_sub, s1.user_sub);
    // A forced refresh works too, and the user is still the same.
    auth.fetch_auth_session(FetchAuthSessionOptions::force_refresh())
        .await
        .unwrap();
    assert_eq!(auth.get_current_user().await.unwrap().username, "alice");
}
e2e!(session_and_refresh, session_and_refresh, users_pool);

async fn local_sign_out_revokes_the_refresh_token(env: Env) {
    let auth = env.auth();
    auth.sign_in(SignInInput::new("alice", "Corr3ct-Horse!"))
        .await
        .unwrap();
    let tokens = auth.stored_tokens().unwrap();
    let out = auth.sign_out(SignOutInput::local()).await.unwrap();
    assert_eq!(out.remote, RemoteSignOut::Revoked);
    assert!(auth.stored_tokens().is_none());
    let probe = env.auth_with_tokens(tokens, "alice");
    let s = probe
        .fetch_auth_session(FetchAuthSessionOptions::force_refresh())
        .await
        .unwrap();
    assert!(s.tokens.is_none(), "revoked refresh token still refreshes");
    assert!(
        probe.stored_tokens().is_none(),
        "definitive refusal clears the store"
    );
}
e2e!(
    local_sign_out_revokes_the_refresh_token,
    local_sign_out_revokes_the_refresh_token,
    users_pool
);

async fn global_sign_out_ends_every_session(env: Env) {
    let phone = env.auth();
    let laptop = env.auth();
    phone
        .sign_in(SignInInput::new("alice", "Corr3ct-Horse!"))
        .await
        .unwrap();
    laptop
        .sign_in(SignInInput::new("alice", "Corr3ct-Horse!"))
        .await
        .unwrap();
    let out = phone.sign_out(SignOutInput::global()).await.unwrap();
    assert_eq!(out.remote, RemoteSignOut::GlobalSignedOut);
    let s = laptop
        .fetch_auth_session(FetchAuthSessionOptions::force_refresh())
        .await
        .unwrap();
    assert!(
        s.tokens.is_none(),
        "the laptop's session survived a global sign-out"
    );
    // Signing out when nobody is signed in is fine.
    assert_eq!(
        phone.sign_out(SignOutInput::global()).await.unwrap().remote,
        RemoteSignOut::NotSignedIn
    );
}
e2e!(
    global_sign_out_ends_every_session,
    global_sign_out_ends_every_session,
    users_pool
);

/// The network is gone: sign-out still signs out locally.
async fn sign_out_without_network(env: Env) {
    let auth = env.auth();
    auth.sign_in(SignInInput::new("alice", "Corr3ct-Horse!"))
        .await
        .unwrap();
    let tokens = auth.stored_tokens().unwrap();
    let offline = cognito_auth::Auth::builder(env.mock.user_pool_id(), env.mock.client_id())
        .endpoint("http://127.0.0.1:9") // discard port: nothing listens
        .retry_policy(cognito_auth::RetryPolicy::none())
        .token_store({
            use cognito_auth::TokenStore as _;
            let s = cognito_auth::MemoryTokenStore::new();
            s.save(&cognito_auth::StoredSession {
                tokens,
                username: "alice".into(),
                user_sub: None,
                sign_in_details: None,
                clock_drift_ms: 0,
            })
            .unwrap();
            s
        })
        .build()
        .unwrap();
    let out = offline.sign_out(SignOutInput::global()).await.unwrap();
    assert!(matches!(out.remote, RemoteSignOut::Failed(_)), "{out:?}");
    assert!(offline.stored_tokens().is_none());
}
e2e!(
    sign_out_without_network,
    sign_out_without_network,
    users_pool
);

fn rotation_pool(secret: bool) -> PoolConfig {
    let mut p = users_pool(secret);
    p.clients[0].refresh_token_rotation = true;
    p.clients[0].retry_grace_period_seconds = Some(0);
    p
}

/// Refresh-token rotation: the rotated token is stored, the old one is dead.
async fn refresh_token_rotation(env: Env) {
    let auth = env.auth();
    auth.sign_in(SignInInput::new("alice", "Corr3ct-Horse!"))
        .await
        .unwrap();
    let before = auth.stored_tokens().unwrap();
    auth.fetch_auth_session(FetchAuthSessionOptions::force_refresh())
        .await
        .unwrap();
    let after = auth.stored_tokens().unwrap();
    assert_ne!(
        before.refresh_token, after.refresh_token,
        "rotated token stored"
    );
    env.mock.clock().advance(5);
    let stale = env.auth_with_tokens(before, "alice");
    let s = stale
        .fetch_auth_session(FetchAuthSessionOptions::force_refresh())
        .await
        .unwrap();
    assert!(
        s.tokens.is_none(),
        "a rotated-away refresh token still works"
    );
    assert!(
        stale.stored_tokens().is_none(),
        "reuse is definitive: cleared"
    );
}
e2e!(
    refresh_token_rotation,
    refresh_token_rotation,
    rotation_pool
);

/// Tokens in a file survive the client (a process restart).
async fn file_store_survives_a_restart(env: Env) {
    let dir = std::env::temp_dir().join(format!(
        "cognito-auth-e2e-{}-{:?}-{}",
        std::process::id(),
        env.mode,
        env.secret
    ));
    let path = dir.join("tokens.json");
    let first = env
        .builder()
        .token_store(cognito_auth::FileTokenStore::new(&path))
        .build()
        .unwrap();
    first
        .sign_in(SignInInput::new("alice", "Corr3ct-Horse!"))
        .await
        .unwrap();
    drop(first);
    let second = env
        .builder()
        .token_store(cognito_auth::FileTokenStore::new(&path))
        .build()
        .unwrap();
    assert_eq!(second.get_current_user().await.unwrap().username, "alice");
    env.mock.clock().advance(3600);
    let s = second
        .fetch_auth_session(FetchAuthSessionOptions::default())
        .await
        .unwrap();
    assert!(
        s.tokens.is_some(),
        "refreshed from the stored refresh token"
    );
    second.sign_out(SignOutInput::local()).await.unwrap();
    assert!(!path.exists());
    let _ = std::fs::remove_dir_all(dir);
}
e2e!(
    file_store_survives_a_restart,
    file_store_survives_a_restart,
    users_pool
);
