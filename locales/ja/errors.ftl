### カート、注文、cartstore のエラーの日本語の説明。
### Source: seed 001_aba867c240138d59.txt (ja-JP), verbatim where its row is Japanese (cart-0, order-800042).
### Rows the seed left in English and codes the seed lacks are the project's own translation
### (marked "# own translation"). The error-* messages are the project's own wording.

## CartErrorCode

cart-0 = 既定値です。
# own translation
cart-10000 = 指定された市場では、この通貨はサポートされていません。
# own translation
cart-10001 = カタログ アイテム ID が無効です。
# own translation
cart-10002 = 利用可能なクォータが不足しています。
# own translation
cart-10003 = 選択したオファーの在庫がありません。
# own translation
cart-10004 = このパートナーでは、参加者の設定はサポートされていません。
# own translation
cart-10006 = カートの明細項目を処理できません。
# own translation
cart-10007 = サブスクリプションが無効です。
# own translation
cart-10008 = サブスクリプションで Azure の予約が有効になっていません。
# own translation
cart-10009 = サンドボックスの制限を超えました。
# own translation
cart-10010 = 入力が無効です。
# own translation
cart-10011 = サブスクリプションが無効です。
# own translation
cart-10012 = 証明が受け入れられていません。
# own translation
cart-10013 = この課金プランはサポートされていません。
# own translation
cart-10014 = 呼び出し元が無効な promotionId を渡しました。
# own translation
cart-10015 = 要求されたシート数が上限を超えています。
# own translation
cart-10016 = カスタム期間終了日は、期間が指定された試用版以外のモダン Office 製品に対してのみ設定できます。
# own translation
cart-10017 = カスタム期間終了日が無効です。
# own translation
cart-10018 = アドオンの購入に必要な基本オファーのシート数を満たしていません。
# own translation
cart-10019 = アドオンの購入に必要な最小シート数を満たしていません。
# own translation
cart-500600 = このレガシ オファーは購入できなくなりました。

## OrderErrorCode

# own translation
order-800001 = 要求コンテキストにパートナー トークンがありません。
# own translation
order-800002 = 要求の入力が無効です。
# own translation
order-800003 = 予期しないサービス エラーです。
# own translation
order-800004 = オファー ID が無効です。
# own translation
order-800005 = 注文を作成できませんでした。
# own translation
order-800007 = プロビジョニング情報を取得できません。
# own translation
order-800008 = カート ID を取得できません。
# own translation
order-800009 = カート アイテムにエラーがあります。
# own translation
order-800010 = このカタログ アイテムの在庫がありません。
# own translation
order-800011 = このサブスクリプションは有効な Azure サブスクリプションではありません。
# own translation
order-800012 = このサブスクリプションはアクティブなサブスクリプションではありません。
# own translation
order-800013 = このサブスクリプションでは RI の購入が有効になっていません。
# own translation
order-800014 = この注文には保留中の調整要求があります。
# own translation
order-800015 = MPN ID が見つかりません。
# own translation
order-800016 = MPN ID が有効な間接リセラーのものではありません。
# own translation
order-800017 = このカタログ アイテムでは、この数量は利用できません。
# own translation
order-800018 = サンドボックスの制限に達しました。
# own translation
order-800019 = この操作はサンドボックス テナントでのみ有効です。
# own translation
order-800020 = このカタログ アイテムは購入の対象ではありません。
# own translation
order-800021 = このサブスクリプションは有効なサブスクリプションではありません。
# own translation
order-800022 = この取引の対象となる可能性があります。サポートにお問い合わせください。
# own translation
order-800023 = 与信枠がこの購入の最低しきい値に達していないため、この取引の対象外です。注文を更新するか、サポートにお問い合わせください。
# own translation
order-800024 = この取引の対象外です。
# own translation
order-800025 = 与信枠がこの購入の最低しきい値に達していないため、この取引の対象外です。注文を更新するか、サポートにお問い合わせください。
# own translation
order-800026 = この取引の対象外です。
# own translation
order-800030 = このサブスクリプションは登録されていません。
# own translation
order-800031 = 購入システムがサポートされていません。
# own translation
order-800036 = 前提条件を満たしていません。
# own translation
order-800037 = 資産 ID が見つかりません。
# own translation
order-800038 = 資産の FutureBillingInfo が見つかりません。
# own translation
order-800039 = リセラー プログラムの状態がアクティブではありません。
# own translation
order-800040 = 資産の状態を { $from } から { $to } に変更することはできません。
# own translation
order-800041 = このアイテムは既にアクティブ化されています。
order-800042 = サポートされません。
# own translation
order-800043 = 価格情報へのアクセス権が付与されていません。
# own translation
order-800060 = ご注文は処理中です。数分後に注文履歴で最近の注文をご確認ください。
# own translation
order-800061 = 注文をキャンセルできません。
# own translation
order-800062 = この取引の対象外です。
# own translation
order-800063 = この注文 { $orderId } はキャンセルできません。サブスクリプションを一時停止するには PATCH /customers/{ $customerId }/subscriptions/<subscriptionId> を使用してください。
# own translation
order-800064 = カート { $cartId } は別の要求によって処理中です。
# own translation
order-800065 = 既に送信済みのカート { $cartId } はチェックアウトできません。

## The library's own errors (the project's own wording)

error-order-not-found = 注文 { $orderId } が見つかりません。
error-quote-not-found = 見積書 { $quoteNumber } が見つかりません。
error-cart-expired = カート { $cartId } は有効期限が切れているため、変更もチェックアウトもできません。
error-cart-ordered =
    { $operation ->
        [update] カート { $cartId } は既に注文として送信されているため、更新できません。
        [delete] カート { $cartId } は既に注文として送信されているため、削除できません。
       *[other] カート { $cartId } は既に注文として送信されているため、変更できません。
    }
error-conflict = カート { $cartId } は、読み取った後に別の要求によって変更されました。もう一度読み取ってから再試行してください。
error-schema-too-new = このデータベースは新しいバージョンの cartstore によって書き込まれたため、開きませんでした (スキーマ バージョン { $found }、このバージョンがサポートするのは { $supported } までです)。
error-not-a-database = ファイル { $path } は cartstore データベースではありません (SQLite ではないか、破損しています)。
error-storage =
    { $kind ->
        [full] ディスクまたはデータベースがいっぱいです。何も保存されていません。
        [read-only] データベースに書き込めません。
        [busy] データベースが別のプロセスによってロックされています。もう一度お試しください。
        [io] データベース ファイルの読み取りまたは書き込みに失敗しました。
        [corrupt] データベース ファイルが破損しています。
        [unavailable] データベース サーバー { $server } に接続できません。何も保存されていません。
       *[other] ストレージ エラーが発生しました。何も保存されていません。
    }
error-file =
    { $operation ->
        [read] ファイル { $path } を読み取れません: { $reason }
       *[write] ファイル { $path } に書き込めません: { $reason }
    }
error-invalid-input =
    { $problem ->
        [missing] 要求の入力が無効です: フィールド { $field } は必須です。
        [too-long] 要求の入力が無効です: フィールド { $field } が { $limit } バイトを超えています。
        [too-many] 要求の入力が無効です: フィールド { $field } の項目数が { $limit } 個を超えています。
        [too-deep] 要求の入力が無効です: フィールド { $field } の入れ子が { $limit } 階層を超えています。
        [duplicate] 要求の入力が無効です: フィールド { $field } の値が重複しています。
        [not-whole-number] 要求の入力が無効です: フィールド { $field } は整数である必要があります。
        [out-of-range] 要求の入力が無効です: フィールド { $field } の値が範囲外です。
        [wrong-type] 要求の入力が無効です: フィールド { $field } の値の型が正しくありません。
        [syntax] 要求の入力が無効です: 要求本文が有効な JSON ではありません ({ $detail })。
        [not-allowed] 要求の入力が無効です: フィールド { $field } は変更できないか、ここでは使用できません。
       *[invalid] 要求の入力が無効です: フィールド { $field } の値が無効です。
    }
error-invalid-messages =
    { $problem ->
        [syntax] メッセージ ファイル { $resource } は読み込まれませんでした: { $line } 行目が有効な Fluent ではありません ({ $detail })。
        [syntax-in] メッセージ ファイル { $resource } は読み込まれませんでした: { $line } 行目 (メッセージ { $id }) が有効な Fluent ではありません ({ $detail })。
        [unknown-id] メッセージ ファイル { $resource } は読み込まれませんでした: { $line } 行目で定義されている { $id } は cartstore のメッセージではありません。
        [unknown-variable] メッセージ ファイル { $resource } は読み込まれませんでした: { $line } 行目のメッセージ { $id } が変数 { $variable } を使用していますが、cartstore はこのメッセージにその変数を渡しません。
        [reference] メッセージ ファイル { $resource } は読み込まれませんでした: { $line } 行目のメッセージ { $id } がメッセージ { $name } を参照しています。提供するメッセージは他のメッセージを参照できません (テキストをそのまま書いてください)。
        [unknown-reference] メッセージ ファイル { $resource } は読み込まれませんでした: { $line } 行目のメッセージ { $id } が参照している { $name } は cartstore のメッセージではありません。
        [duplicate] メッセージ ファイル { $resource } は読み込まれませんでした: { $line } 行目で { $id } が再度定義されています。
        [no-value] メッセージ ファイル { $resource } は読み込まれませんでした: { $line } 行目のメッセージ { $id } にテキストがありません。
        [bad-locale] メッセージ ファイル { $resource } は読み込まれませんでした: { $tag } は言語タグではありません (メッセージ ファイルのフォルダー名は、de や pt-BR などのロケール名にします)。
        [unknown-file] メッセージ ファイル { $resource } は読み込まれませんでした: メッセージ ファイルの名前は { $names } である必要があります。
        [unreadable] メッセージ ファイル { $resource } を読み取れませんでした ({ $detail })。
       *[other] メッセージ ファイル { $resource } は読み込まれませんでした。
    }
# A quote template (Quote::to_html_with) that does not parse or render; $line is "none"
# when the error has no line; $detail is the template engine's own message (English).
error-invalid-template =
    { $line ->
        [none] 見積書のテンプレートを使用できません: { $detail }。
       *[other] 見積書のテンプレートを使用できません: { $line } 行目: { $detail }。
    }

## Labels used by the demo and the command-line tool

label-locale-name = 日本語
# The command-line tool's description of a storage error: the error's description, then the
# database file.
error-with-database-file = { $description }データベース ファイル: { $path }
error-with-database-server = { $description }データベース: { $path }
error-cart-submitting = カート { $cartId } は Partner Center に送信中です。送信が終わるまで変更もチェックアウトもできません。
error-submission-not-found = 送信 { $submissionId } が見つかりません。
error-partner-center = Partner Center が要求を拒否しました (HTTP { $status }、コード { $code }): { $description }
error-partner-center-unavailable = Partner Center ({ $endpoint }) に接続できません。送信は保存されており、中断したところから再開されます。
error-authentication-required = Partner Center への再サインインが必要です。アプリケーションが有効なアクセス トークンを提供するまで送信は一時停止されます。
error-availability =
    { $found ->
        [none] 行 { $lineId } ({ $catalogItemId }) はこの顧客には購入できません。製品、セグメント、国、期間、請求サイクルに一致する Partner Center の提供状況がありません。
       *[several] 行 { $lineId } ({ $catalogItemId }) は Partner Center の提供状況 { $count } 件に一致します。cartstore はそのうちの 1 つを選びません。行で提供状況を指定してください。
    }
