## The quote document (Quote::to_html): its labels and notes. Money amounts and dates are
## formatted by the code for the locale (ICU4X) and passed in as text; $cycle is a billing cycle
## as on the wire (monthly, annual, ...), $term a term duration (P1M, P1Y, P3Y, or none).

quote-document-title = 見積書 { $number }
quote-heading = 御見積書
quote-number = 見積番号
quote-issued = 発行日
quote-valid-until = 有効期限
quote-seller = 発行元
quote-customer = 宛先
quote-customer-id = お客様 ID
quote-contact = 担当者
quote-email = メール
quote-phone = 電話
quote-tax-id = 登録番号
quote-group-heading =
    { $cycle ->
        [monthly] 月額請求（{ $currency }）
        [annual] 年額請求（{ $currency }）
        [biennial] 2 年ごとの請求（{ $currency }）
        [triennial] 3 年間の契約期間分を前払いで一括請求（{ $currency }）
        [one_time] 一括請求（{ $currency }）
        [none] 無償（{ $currency }）
       *[other] 請求通貨：{ $currency }
    }
quote-cycle =
    { $cycle ->
        [monthly] 月払い
        [annual] 年払い
        [biennial] 2 年払い
        [triennial] 3 年払い
        [one_time] 一括払い
        [none] 無償
       *[other] { $cycle }
    }
quote-term =
    { $term ->
        [P1M] 1 か月
        [P1Y] 1 年
        [P2Y] 2 年
        [P3Y] 3 年
        [none] なし
       *[other] { $term }
    }
quote-col-item = 品目
quote-col-term = 期間
quote-col-billing = 請求頻度
quote-col-quantity = 数量
quote-col-unit-price = 単価
quote-col-per-period = 請求期間ごとの金額
quote-col-term-total = 契約期間の合計
quote-addon = アドオン
quote-total-per-period = 請求期間ごとの合計
quote-total-term = 契約期間の合計
quote-unit-price-note = 単価は、1 単位・1 請求期間あたりの金額です。
quote-tax-note = 表示価格はすべて税抜価格です。消費税等は、該当する場合、ご請求時に別途申し受けます。
quote-validity = 本見積書の有効期限は{ $date }です。有効期限を過ぎた場合、価格および提供状況が変更となる場合がございます。
quote-terms-heading = 取引条件
quote-excluded-heading = お見積りの対象外となる品目
quote-excluded-intro = カート内の次の品目は、現時点ではお見積りいたしかねます。
quote-col-reason = 理由
quote-price-changes-heading = 価格改定の予定
quote-price-changes-intro = 次の品目は、本見積書の有効期限までに価格が改定されます。
quote-col-effective = 適用開始日
quote-col-new-price = 改定後の単価
quote-page-footer = 見積書 { $number }
quote-customer-name = { $name } 御中
quote-group-term = 期間：{ $term }
quote-line-start = 開始日：{ $date }
quote-line-commitment-end = 契約終了日：{ $date }
quote-line-available-until = 提供終了日：{ $date }
quote-trial = 試用版
quote-usage-charges = 従量課金が発生する場合があります
quote-summary-heading = お見積り金額の概要
quote-col-currency = 通貨
quote-col-due-first = 初回請求額
quote-col-recurring-monthly = 毎月の請求額
quote-col-contract-value = 契約総額
quote-nce-heading = サブスクリプションの条件
quote-nce-cancellation = 日割り計算による返金を伴う解約は、ご購入または更新から 7 日（168 時間）以内に限り承ります。
quote-nce-seats = ライセンス数の追加はいつでも可能ですが、削減は更新時に限られます。
quote-nce-price = 契約期間中の価格は固定です。
quote-nce-renewal = 契約期間の終了時には、自動更新を無効にされていない限り、その時点の価格で自動的に更新されます。
