use super::*;
use crate::sel::ledger::{open_account, reconcile, set_limits};

type R = anyhow::Result<()>;

async fn person(pool: &SqlitePool, first: &str, last: &str) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO persons (first_name, last_name, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(first)
    .bind(last)
    .bind(db::now_text())
    .fetch_one(pool)
    .await?)
}

async fn member(pool: &SqlitePool, first: &str, last: &str) -> anyhow::Result<i64> {
    let id = person(pool, first, last).await?;
    open_account(pool, &Actor::cli(), id).await?;
    Ok(id)
}

async fn balance(pool: &SqlitePool, person_id: i64) -> anyhow::Result<(i64, i64, i64)> {
    let a = ledger::member_account(&mut *pool.acquire().await?, person_id).await?;
    Ok((a.posted, a.debits_pending, a.credits_pending))
}

async fn coop(pool: &SqlitePool) -> anyhow::Result<i64> {
    Ok(ledger::account(pool, COOPERATIVE_ACCOUNT).await?.posted)
}

async fn count(pool: &SqlitePool, table_sql: &'static str) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(table_sql).fetch_one(pool).await?)
}

async fn transfers(pool: &SqlitePool) -> anyhow::Result<i64> {
    count(pool, "SELECT count(*) FROM sel_transfers").await
}

async fn audits(pool: &SqlitePool, action: &str) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = ?")
            .bind(action)
            .fetch_one(pool)
            .await?,
    )
}

async fn reconciled(pool: &SqlitePool) -> R {
    let r = reconcile(&mut *pool.acquire().await?).await?;
    assert!(r.ok, "{r:?}");
    Ok(())
}

fn item_input(name: &str, price: i64) -> ItemInput {
    ItemInput {
        name: name.into(),
        category: "Épicerie".into(),
        price_minutes: price,
        active: true,
    }
}

fn conflict_key(r: Result<Written, Refusal>) -> (&'static str, String) {
    match r {
        Err(Refusal::Conflict { key, arg }) => (key, arg),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn field_keys<T: std::fmt::Debug>(r: Result<T, Refusal>) -> Vec<(&'static str, &'static str)> {
    match r {
        Err(Refusal::Invalid(errors)) => errors.iter().map(|e| (e.field, e.key)).collect(),
        other => panic!("expected invalid fields, got {other:?}"),
    }
}

#[tokio::test]
async fn catalogue_is_validated_unique_and_audited() -> R {
    let dir = tempfile::tempdir()?;
    let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
    let actor = Actor::cli();
    let basket = create_item(&pool, &actor, &item_input("  Panier de légumes ", 90)).await?;
    assert_eq!(basket.name, "Panier de légumes");
    assert!(basket.active);
    let bad = ItemInput {
        name: " ".into(),
        category: "x".repeat(41),
        price_minutes: 0,
        active: true,
    };
    assert_eq!(
        field_keys(create_item(&pool, &actor, &bad).await),
        vec![
            ("name", "error-sel-name-required"),
            ("category", "error-too-long-40"),
            ("price_minutes", "error-sel-price-invalid")
        ]
    );
    assert_eq!(
        field_keys(create_item(&pool, &actor, &item_input(&"é".repeat(81), 6001)).await),
        vec![
            ("name", "error-too-long-80"),
            ("price_minutes", "error-sel-price-invalid")
        ]
    );
    for taken in ["PANIER DE légumes", "panier de LÉGUMES"] {
        match create_item(&pool, &actor, &item_input(taken, 10)).await {
            Err(Refusal::Conflict { key, arg }) => {
                assert_eq!((key, arg.as_str()), ("error-sel-item-exists", taken));
            }
            other => panic!("{other:?}"),
        }
    }
    let jam = create_item(&pool, &actor, &item_input("Confiture", 30)).await?;
    let cafe = create_item(&pool, &actor, &item_input("Café", 10)).await?;
    match update_item(&pool, &actor, cafe.id, &item_input("Panier de légumes", 10)).await {
        Err(Refusal::Conflict { key, .. }) => assert_eq!(key, "error-sel-item-exists"),
        other => panic!("{other:?}"),
    }
    // Renaming an item to its own name (other case) is fine.
    let cafe = update_item(
        &pool,
        &actor,
        cafe.id,
        &ItemInput {
            active: false,
            ..item_input("CAFÉ", 15)
        },
    )
    .await?;
    assert_eq!(
        (cafe.name.as_str(), cafe.price_minutes, cafe.active),
        ("CAFÉ", 15, false)
    );
    assert!(matches!(
        update_item(&pool, &actor, 999, &item_input("X", 1)).await,
        Err(Refusal::NotFound)
    ));
    let names: Vec<String> = items(&pool, false)
        .await?
        .into_iter()
        .map(|i| i.name)
        .collect();
    assert_eq!(names, [jam.name.as_str(), "Panier de légumes"]);
    assert_eq!(items(&pool, true).await?.len(), 3);
    assert_eq!(audits(&pool, "sel.item.create").await?, 3);
    assert_eq!(audits(&pool, "sel.item.update").await?, 1);
    let (before, after): (String, String) =
        sqlx::query_as("SELECT before, after FROM audit_log WHERE action = 'sel.item.update'")
            .fetch_one(&pool)
            .await?;
    assert!(before.contains("\"price_minutes\":10") && before.contains("\"active\":true"));
    assert!(after.contains("\"price_minutes\":15") && after.contains("\"active\":false"));
    reconciled(&pool).await
}

#[tokio::test]
async fn purchase_charges_the_cart_once() -> R {
    let dir = tempfile::tempdir()?;
    let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
    let actor = Actor::cli();
    let alice = member(&pool, "Alice", "Martin").await?;
    let basket = create_item(&pool, &actor, &item_input("Panier de légumes", 90)).await?;
    let cafe = create_item(&pool, &actor, &item_input("Café", 10)).await?;
    let input = PurchaseInput {
        id: "cart-1".into(),
        person_id: alice,
        lines: vec![
            PurchaseLine {
                item_id: cafe.id,
                quantity: 1,
            },
            PurchaseLine {
                item_id: basket.id,
                quantity: 1,
            },
            PurchaseLine {
                item_id: basket.id,
                quantity: 1,
            },
        ],
        override_reason: None,
    };
    let first = purchase(&pool, &actor, &input).await?;
    assert!(!first.replayed);
    assert_eq!(first.transfers.len(), 1);
    let t = &first.transfers[0];
    assert_eq!(
        (t.amount, t.kind.as_str(), t.phase.as_str()),
        (190, "purchase", "posted")
    );
    assert_eq!(t.credit_account, COOPERATIVE_ACCOUNT);
    assert_eq!(t.memo, "Panier de légumes ×2, Café");
    assert_eq!(balance(&pool, alice).await?, (60 - 190, 0, 0));
    assert_eq!(coop(&pool).await?, 190);
    let lines = sale_lines(&pool, "cart-1").await?;
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.label.as_str(), l.quantity, l.unit_minutes))
            .collect::<Vec<_>>(),
        [("Panier de légumes", 2, 90), ("Café", 1, 10)]
    );

    // The same cart again, in another order and after a price change: a replay.
    update_item(
        &pool,
        &actor,
        basket.id,
        &item_input("Panier de légumes", 120),
    )
    .await?;
    let again = PurchaseInput {
        lines: vec![
            PurchaseLine {
                item_id: basket.id,
                quantity: 2,
            },
            PurchaseLine {
                item_id: cafe.id,
                quantity: 1,
            },
        ],
        ..input.clone()
    };
    let n = transfers(&pool).await?;
    let replay = purchase(&pool, &actor, &again).await?;
    assert!(replay.replayed);
    assert_eq!(replay.transfers, first.transfers);
    assert_eq!(transfers(&pool).await?, n);
    assert_eq!(sale_lines(&pool, "cart-1").await?.len(), 2);
    assert_eq!(audits(&pool, "sel.purchase").await?, 1);
    assert_eq!(balance(&pool, alice).await?, (-130, 0, 0));

    // The same id for another cart is refused.
    let other = PurchaseInput {
        lines: vec![PurchaseLine {
            item_id: cafe.id,
            quantity: 3,
        }],
        ..input.clone()
    };
    assert_eq!(
        conflict_key(purchase(&pool, &actor, &other).await).0,
        "error-sel-operation-reused"
    );
    assert_eq!(transfers(&pool).await?, n);
    reconciled(&pool).await
}

#[tokio::test]
async fn refused_purchases_write_nothing() -> R {
    let dir = tempfile::tempdir()?;
    let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
    let actor = Actor::cli();
    let alice = member(&pool, "Alice", "Martin").await?;
    let nobody = person(&pool, "Sans", "Compte").await?;
    let basket = create_item(&pool, &actor, &item_input("Panier de légumes", 90)).await?;
    let old = create_item(
        &pool,
        &actor,
        &ItemInput {
            active: false,
            ..item_input("Confiture", 30)
        },
    )
    .await?;
    set_limits(&pool, &actor, alice, Some(0), None, "test").await?;
    let n = transfers(&pool).await?;
    let cart = |id: &str, person_id, lines: Vec<(i64, i64)>| PurchaseInput {
        id: id.into(),
        person_id,
        lines: lines
            .into_iter()
            .map(|(item_id, quantity)| PurchaseLine { item_id, quantity })
            .collect(),
        override_reason: None,
    };
    assert_eq!(
        field_keys(purchase(&pool, &actor, &cart("a", alice, vec![])).await),
        [("lines", "error-sel-cart-empty")]
    );
    for q in [0, 101, -1] {
        assert_eq!(
            field_keys(purchase(&pool, &actor, &cart("a", alice, vec![(basket.id, q)])).await),
            [("lines", "error-sel-quantity-invalid")]
        );
    }
    // Two lines of 60 make 120 of one item: over the limit too.
    assert_eq!(
        field_keys(
            purchase(
                &pool,
                &actor,
                &cart("a", alice, vec![(basket.id, 60), (basket.id, 60)])
            )
            .await
        ),
        [("lines", "error-sel-quantity-invalid")]
    );
    assert_eq!(
        conflict_key(purchase(&pool, &actor, &cart("a", alice, vec![(old.id, 1)])).await),
        ("error-sel-item-unknown", "Confiture".into())
    );
    assert_eq!(
        conflict_key(purchase(&pool, &actor, &cart("a", alice, vec![(4242, 1)])).await),
        ("error-sel-item-unknown", "n° 4242".into())
    );
    assert_eq!(
        conflict_key(purchase(&pool, &actor, &cart("a", nobody, vec![(basket.id, 1)])).await).0,
        "error-sel-no-account"
    );
    // 60 minutes and a floor of 0: a basket of 90 is refused, by the ledger's own words.
    let (key, arg) =
        conflict_key(purchase(&pool, &actor, &cart("a", alice, vec![(basket.id, 1)])).await);
    assert_eq!(key, "error-sel-below-floor");
    assert!(arg.starts_with("Alice Martin · "), "{arg}");
    assert_eq!(transfers(&pool).await?, n);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM sel_sale_lines").await?,
        0
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM sel_operations WHERE id = 'a'").await?,
        0
    );
    assert_eq!(audits(&pool, "sel.purchase").await?, 0);
    assert_eq!(balance(&pool, alice).await?, (60, 0, 0));
    // The refused id is still free: the same cart once the member can pay goes through.
    set_limits(&pool, &actor, alice, None, None, "").await?;
    assert!(
        !purchase(&pool, &actor, &cart("a", alice, vec![(basket.id, 1)]))
            .await?
            .replayed
    );
    assert_eq!(balance(&pool, alice).await?, (-30, 0, 0));
    reconciled(&pool).await
}

fn exchange_input(id: &str, payer_id: i64, receiver_id: i64, minutes: i64) -> ExchangeInput {
    ExchangeInput {
        id: id.into(),
        payer_id,
        receiver_id,
        minutes,
        memo: "Aide au déménagement".into(),
        override_reason: None,
    }
}

#[tokio::test]
async fn direct_exchange_and_its_refusals() -> R {
    let dir = tempfile::tempdir()?;
    let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
    let actor = Actor::cli();
    let alice = member(&pool, "Alice", "Martin").await?;
    let bob = member(&pool, "Bob", "Durand").await?;
    let n = transfers(&pool).await?;
    let mut bad = exchange_input("x", alice, bob, 0);
    bad.memo = "  ".into();
    assert_eq!(
        field_keys(exchange(&pool, &actor, &bad, false).await),
        [
            ("minutes", "error-sel-amount-invalid"),
            ("memo", "error-sel-memo-required")
        ]
    );
    bad.minutes = 6001;
    bad.memo = "m".repeat(201);
    assert_eq!(
        field_keys(exchange(&pool, &actor, &bad, false).await),
        [
            ("minutes", "error-sel-amount-invalid"),
            ("memo", "error-too-long-200")
        ]
    );
    assert_eq!(
        conflict_key(exchange(&pool, &actor, &exchange_input("x", bob, bob, 5), false).await).0,
        "error-sel-same-account"
    );
    // Default floor −2000: Bob can give 2060, not 2061.
    let (key, arg) =
        conflict_key(exchange(&pool, &actor, &exchange_input("x", bob, alice, 2061), true).await);
    assert_eq!(key, "error-sel-below-floor");
    assert!(arg.starts_with("Bob Durand"), "{arg}");
    assert_eq!(transfers(&pool).await?, n);

    let w = exchange(&pool, &actor, &exchange_input("x", bob, alice, 45), false).await?;
    assert_eq!(w.transfers[0].phase, "posted");
    assert_eq!(w.transfers[0].memo, "Aide au déménagement");
    assert_eq!(balance(&pool, alice).await?, (105, 0, 0));
    assert_eq!(balance(&pool, bob).await?, (15, 0, 0));
    let again = exchange(&pool, &actor, &exchange_input("x", bob, alice, 45), false).await?;
    assert!(again.replayed);
    assert_eq!(again.transfers, w.transfers);
    assert_eq!(
        conflict_key(exchange(&pool, &actor, &exchange_input("x", bob, alice, 46), false).await).0,
        "error-sel-operation-reused"
    );
    assert_eq!(balance(&pool, alice).await?, (105, 0, 0));
    assert_eq!(audits(&pool, "sel.exchange").await?, 1);
    reconciled(&pool).await
}

#[tokio::test]
async fn confirmed_exchange_waits_for_the_receiver() -> R {
    let dir = tempfile::tempdir()?;
    let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
    let actor = Actor::cli();
    sqlx::query("UPDATE sel_settings SET exchange_confirmation = 1")
        .execute(&pool)
        .await?;
    let alice = member(&pool, "Alice", "Martin").await?;
    let bob = member(&pool, "Bob", "Durand").await?;
    let carol = member(&pool, "Carol", "Petit").await?;

    // Staff-entered: posted at once.
    let staff = exchange(&pool, &actor, &exchange_input("s", carol, alice, 10), true).await?;
    assert_eq!(staff.transfers[0].phase, "posted");

    // Bob gives Alice 40: reserved until Alice answers.
    let w = exchange(&pool, &actor, &exchange_input("e1", bob, alice, 40), false).await?;
    let no = w.transfers[0].no;
    assert_eq!(w.transfers[0].phase, "pending");
    assert_eq!(balance(&pool, bob).await?, (60, 40, 0));
    assert_eq!(balance(&pool, alice).await?, (70, 0, 40));
    let alice_sees = pending_exchanges_for(&pool, alice).await?;
    assert_eq!(alice_sees.len(), 1);
    let p = &alice_sees[0];
    assert_eq!(
        (
            p.no,
            p.payer_name.as_str(),
            p.receiver_name.as_str(),
            p.minutes,
            p.to_answer
        ),
        (no, "Bob Durand", "Alice Martin", 40, true)
    );
    assert_eq!(p.memo, "Aide au déménagement");
    let bob_sees = pending_exchanges_for(&pool, bob).await?;
    assert_eq!((bob_sees.len(), bob_sees[0].to_answer), (1, false));
    assert!(pending_exchanges_for(&pool, carol).await?.is_empty());

    // Only the receiver answers.
    for someone in [bob, carol, 4242] {
        assert!(matches!(
            respond_exchange(&pool, &actor, someone, no, true).await,
            Err(Refusal::NotFound)
        ));
    }
    assert!(matches!(
        respond_exchange(&pool, &actor, alice, staff.transfers[0].no, true).await,
        Err(Refusal::NotFound)
    ));
    let n = transfers(&pool).await?;
    let accepted = respond_exchange(&pool, &actor, alice, no, true).await?;
    assert!(!accepted.replayed);
    assert_eq!(accepted.operation_id, format!("sys:exchange-{no}-answer"));
    assert_eq!(
        (
            accepted.transfers[0].phase.as_str(),
            accepted.transfers[0].amount
        ),
        ("post", 40)
    );
    assert_eq!(transfers(&pool).await?, n + 1);
    assert_eq!(balance(&pool, alice).await?, (110, 0, 0));
    assert_eq!(balance(&pool, bob).await?, (20, 0, 0));
    // The same answer again changes nothing; another answer is refused.
    let twice = respond_exchange(&pool, &actor, alice, no, true).await?;
    assert!(twice.replayed);
    assert_eq!(twice.transfers, accepted.transfers);
    assert_eq!(
        conflict_key(respond_exchange(&pool, &actor, alice, no, false).await).0,
        "error-sel-not-pending"
    );
    assert_eq!(transfers(&pool).await?, n + 1);
    assert_eq!(balance(&pool, alice).await?, (110, 0, 0));
    assert!(pending_exchanges_for(&pool, alice).await?.is_empty());

    // Carol gives Bob 15, Bob declines: Carol's reservation is released.
    let w = exchange(&pool, &actor, &exchange_input("e2", carol, bob, 15), false).await?;
    let no2 = w.transfers[0].no;
    assert_eq!(balance(&pool, carol).await?, (50, 15, 0));
    let declined = respond_exchange(&pool, &actor, bob, no2, false).await?;
    assert_eq!(declined.transfers[0].phase, "void");
    assert_eq!(balance(&pool, carol).await?, (50, 0, 0));
    assert_eq!(balance(&pool, bob).await?, (20, 0, 0));
    assert_eq!(
        conflict_key(respond_exchange(&pool, &actor, bob, no2, true).await).0,
        "error-sel-not-pending"
    );
    assert_eq!(balance(&pool, bob).await?, (20, 0, 0));
    assert_eq!(audits(&pool, "sel.exchange").await?, 3);
    assert_eq!(audits(&pool, "sel.exchange.accept").await?, 1);
    assert_eq!(audits(&pool, "sel.exchange.decline").await?, 1);
    reconciled(&pool).await
}

#[test]
fn split_is_even_in_whole_minutes() {
    assert_eq!(split(100, 3), [34, 33, 33]);
    assert_eq!(split(90, 3), [30, 30, 30]);
    assert_eq!(split(5, 5), [1, 1, 1, 1, 1]);
    assert_eq!(split(11, 4), [3, 3, 3, 2]);
    assert!(split(10, 0).is_empty());
}

#[tokio::test]
async fn workshop_cost_is_shared_all_or_nothing() -> R {
    let dir = tempfile::tempdir()?;
    let pool = db::open_and_migrate(&dir.path().join("t.db")).await?;
    let actor = Actor::cli();
    let alice = member(&pool, "Alice", "Martin").await?;
    let bob = member(&pool, "Bob", "Durand").await?;
    let carol = member(&pool, "Carol", "Petit").await?;
    let dan = member(&pool, "Dan", "Leroy").await?;
    let nobody = person(&pool, "Sans", "Compte").await?;
    let input = |id: &str, total, ids: Vec<i64>, beneficiary| WorkshopInput {
        id: id.into(),
        label: "Réparation vélo".into(),
        total_minutes: total,
        participant_ids: ids,
        beneficiary,
    };
    let n = transfers(&pool).await?;
    assert_eq!(
        field_keys(workshop(&pool, &actor, &input("w", 100, vec![], None)).await),
        [("participant_ids", "error-sel-participants-empty")]
    );
    assert_eq!(
        field_keys(workshop(&pool, &actor, &input("w", 100, vec![bob, alice, bob], None)).await),
        [("participant_ids", "error-sel-participants-duplicate")]
    );
    assert_eq!(
        field_keys(workshop(&pool, &actor, &input("w", 100, (1..=51).collect(), None)).await),
        [("participant_ids", "error-sel-participants-too-many")]
    );
    assert_eq!(
        field_keys(workshop(&pool, &actor, &input("w", 2, vec![alice, bob, carol], None)).await),
        [("total_minutes", "error-sel-workshop-total-too-small")]
    );
    let mut blank = input("w", 0, vec![alice], None);
    blank.label = " ".into();
    assert_eq!(
        field_keys(workshop(&pool, &actor, &blank).await),
        [
            ("label", "error-sel-label-required"),
            ("total_minutes", "error-sel-amount-invalid")
        ]
    );
    assert_eq!(
        conflict_key(workshop(&pool, &actor, &input("w", 100, vec![alice, bob], Some(bob))).await)
            .0,
        "error-sel-same-account"
    );
    assert_eq!(
        conflict_key(workshop(&pool, &actor, &input("w", 100, vec![alice, nobody], None)).await),
        ("error-sel-no-account", "Sans Compte".into())
    );
    // Carol cannot go below 0: nobody pays, and the refusal names her.
    set_limits(&pool, &actor, carol, Some(0), None, "test").await?;
    let (key, arg) = conflict_key(
        workshop(
            &pool,
            &actor,
            &input("w", 200, vec![carol, alice, bob], Some(dan)),
        )
        .await,
    );
    assert_eq!(key, "error-sel-below-floor");
    assert!(arg.starts_with("Carol Petit · "), "{arg}");
    assert_eq!(transfers(&pool).await?, n);
    for p in [alice, bob, carol, dan] {
        assert_eq!(balance(&pool, p).await?, (60, 0, 0));
    }
    assert_eq!(audits(&pool, "sel.workshop").await?, 0);

    // 100 among three, given in any order: 34, 33, 33 by person id, to Dan.
    let w = workshop(
        &pool,
        &actor,
        &input("w", 100, vec![carol, alice, bob], Some(dan)),
    )
    .await?;
    assert_eq!(
        w.transfers.iter().map(|t| t.amount).collect::<Vec<_>>(),
        [34, 33, 33]
    );
    assert!(
        w.transfers
            .iter()
            .all(|t| t.kind == "workshop" && t.memo == "Atelier : Réparation vélo (part de 3)")
    );
    assert_eq!(balance(&pool, alice).await?, (26, 0, 0));
    assert_eq!(balance(&pool, bob).await?, (27, 0, 0));
    assert_eq!(balance(&pool, carol).await?, (27, 0, 0));
    assert_eq!(balance(&pool, dan).await?, (160, 0, 0));
    let replay = workshop(
        &pool,
        &actor,
        &input("w", 100, vec![bob, carol, alice], Some(dan)),
    )
    .await?;
    assert!(replay.replayed);
    assert_eq!(replay.transfers, w.transfers);
    assert_eq!(balance(&pool, dan).await?, (160, 0, 0));

    // To the cooperative.
    let c = workshop(&pool, &actor, &input("w2", 20, vec![dan], None)).await?;
    assert_eq!(c.transfers[0].credit_account, COOPERATIVE_ACCOUNT);
    assert_eq!(coop(&pool).await?, 20);
    assert_eq!(audits(&pool, "sel.workshop").await?, 2);
    reconciled(&pool).await
}
