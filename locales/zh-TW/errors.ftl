### 購物車、訂單與 cartstore 錯誤的繁體中文描述。
### Source: seed 004_45cf2c384017571f.txt (zh-TW), verbatim for every code it has.
### Rows the seed lacks are the project's own translation (marked "# own translation").
### The error-* messages are the project's own wording.

## CartErrorCode

cart-0 = 預設值。
cart-10000 = 指定的市場不支援貨幣。
cart-10001 = 目錄專案識別碼無效。
cart-10002 = 可用的配額不足。
cart-10003 = 選取的供應專案無法使用清查。
cart-10004 = 此合作夥伴不支援設定參與者。
cart-10006 = 無法處理購物車明細專案。
cart-10007 = 訂用帳戶無效。
cart-10008 = 訂用帳戶未啟用 Azure 保留。
cart-10009 = 已超過沙箱限制。
# own translation
cart-10010 = 一般輸入無效。
# own translation
cart-10011 = 訂用帳戶無效。
# own translation
cart-10012 = 尚未接受證明。
# own translation
cart-10013 = 不支援此計費方案。
# own translation
cart-10014 = 呼叫端傳入了無效的 promotionId。
# own translation
cart-10015 = 要求的授權數量超過限制。
# own translation
cart-10016 = 只有具備合約期限的非試用版新式 Office 產品，才能設定自訂合約期限結束日期。
# own translation
cart-10017 = 自訂合約期限結束日期無效。
# own translation
cart-10018 = 未達到購買附加元件所需的基本供應項目授權數量。
# own translation
cart-10019 = 未達到購買附加元件所需的最低授權數量。
# own translation
cart-500600 = 舊版供應項目已不再符合購買資格。

## OrderErrorCode

order-800001 = 要求內容中缺少合作夥伴 Token。
order-800002 = 不正確要求輸入。
order-800003 = 未預期的服務錯誤。
order-800004 = 供應專案識別碼無效。
order-800005 = 建立訂單不成功。
order-800007 = 無法取出布建資訊。
order-800008 = 無法取出購物車識別碼。
order-800009 = 購物車專案發生錯誤。
order-800010 = 此類別目錄專案無法使用清查。
order-800011 = 此訂用帳戶不是有效的 Azure 訂用帳戶。
order-800012 = 此訂用帳戶不是有效的訂用帳戶。
order-800013 = 此訂用帳戶未啟用 RI 購買。
order-800014 = 此訂單需要暫止的調整。
order-800015 = 找不到 MPN 識別碼。
order-800016 = MPN 識別碼不是有效的間接轉銷商。
order-800017 = 此類別目錄專案無法使用此數量。
order-800018 = 已符合沙箱限制。
order-800019 = 此作業只會針對沙箱租使用者啟用。
order-800020 = 類別目錄專案不符合購買資格。
order-800021 = 此訂用帳戶不是有效的訂用帳戶。
order-800022 = 您可能符合此交易的資格。 請洽詢支援人員以取得協助。
order-800023 = 您不符合此交易的資格，因為您的點數線路未達到此購買的最低閾值。請更新您的訂單（或）連絡人支援以取得協助。
order-800024 = 您不符合此交易的資格。
order-800025 = 您不符合此交易的資格，因為您的點數線路未達到此購買的最低閾值。 請更新您的訂單（或）連絡人支援以取得協助。
order-800026 = 您不符合此交易的資格。
order-800030 = 此訂用帳戶未註冊。
order-800031 = 不支援購買系統。
order-800036 = 前置條件失敗。
order-800037 = 找不到資產識別碼。
order-800038 = 找不到資產 FutureBillingInfo。
order-800039 = 轉售商計畫狀態並非使用中。
order-800040 = 資產狀態無法從 { $from } 變更為 { $to }。
order-800041 = 這個專案已經啟用。
order-800042 = 不支援。
order-800043 = 未授與定價資訊的存取權。
order-800060 = 您的訂單正在進行中。 請在幾分鐘內檢查訂單歷程記錄中最近的訂單。
order-800061 = 無法取消訂單。
order-800062 = 您不符合此交易的資格。
order-800063 = 無法取消此順序 { $orderId }。 使用 PATCH /customers/{ $customerId }/subscriptions/<subscriptionId> 來暫止訂閱。
order-800064 = 購物車 { $cartId } 正由另一個要求處理。
order-800065 = 無法簽出已提交的購物車 { $cartId }。

## The library's own errors (the project's own wording)

error-order-not-found = 找不到訂單 { $orderId }。
error-quote-not-found = 找不到報價單 { $quoteNumber }。
error-cart-expired = 購物車 { $cartId } 已過期，無法再變更或結帳。
error-cart-ordered =
    { $operation ->
        [update] 無法更新購物車 { $cartId }：此購物車已提交為訂單。
        [delete] 無法刪除購物車 { $cartId }：此購物車已提交為訂單。
       *[other] 無法變更購物車 { $cartId }：此購物車已提交為訂單。
    }
error-conflict = 購物車 { $cartId } 在讀取後已被另一個要求變更。請重新讀取後再試一次。
error-schema-too-new = 此資料庫由較新版本的 cartstore 寫入（結構描述版本 { $found }，此版本最高支援 { $supported }），因此未開啟。
error-not-a-database = 檔案 { $path } 不是 cartstore 資料庫（不是 SQLite 檔案，或已損毀）。
error-storage =
    { $kind ->
        [full] 磁碟或資料庫已滿，未儲存任何內容。
        [read-only] 無法寫入資料庫。
        [busy] 資料庫已被另一個處理程序鎖定，請再試一次。
        [io] 讀取或寫入資料庫檔案失敗。
        [corrupt] 資料庫檔案已損毀。
        [unavailable] 無法連線到資料庫伺服器 { $server }，未儲存任何內容。
       *[other] 發生儲存體錯誤，未儲存任何內容。
    }
error-file =
    { $operation ->
        [read] 無法讀取檔案 { $path }：{ $reason }
       *[write] 無法寫入檔案 { $path }：{ $reason }
    }
error-invalid-input =
    { $problem ->
        [missing] 不正確要求輸入：欄位 { $field } 為必填。
        [too-long] 不正確要求輸入：欄位 { $field } 超過 { $limit } 個位元組。
        [too-many] 不正確要求輸入：欄位 { $field } 超過 { $limit } 個項目。
        [too-deep] 不正確要求輸入：欄位 { $field } 的巢狀層級超過 { $limit } 層。
        [duplicate] 不正確要求輸入：欄位 { $field } 的值重複出現。
        [not-whole-number] 不正確要求輸入：欄位 { $field } 必須是整數。
        [out-of-range] 不正確要求輸入：欄位 { $field } 的值超出範圍。
        [wrong-type] 不正確要求輸入：欄位 { $field } 的值類型錯誤。
        [syntax] 不正確要求輸入：要求本文不是有效的 JSON（{ $detail }）。
        [not-allowed] 不正確要求輸入：欄位 { $field } 無法變更，或不允許在此使用。
       *[invalid] 不正確要求輸入：欄位 { $field } 的值無效。
    }
error-invalid-messages =
    { $problem ->
        [syntax] 未載入訊息檔案 { $resource }：第 { $line } 行不是有效的 Fluent（{ $detail }）。
        [syntax-in] 未載入訊息檔案 { $resource }：第 { $line } 行（訊息 { $id }）不是有效的 Fluent（{ $detail }）。
        [unknown-id] 未載入訊息檔案 { $resource }：第 { $line } 行定義的 { $id } 不是 cartstore 的訊息。
        [unknown-variable] 未載入訊息檔案 { $resource }：第 { $line } 行的訊息 { $id } 使用了變數 { $variable }，但 cartstore 不會為此訊息提供該變數。
        [reference] 未載入訊息檔案 { $resource }：第 { $line } 行的訊息 { $id } 參照了訊息 { $name }；提供的訊息不能參照其他訊息（請直接寫出文字）。
        [unknown-reference] 未載入訊息檔案 { $resource }：第 { $line } 行的訊息 { $id } 參照了 { $name }，但它不是 cartstore 的訊息。
        [duplicate] 未載入訊息檔案 { $resource }：第 { $line } 行再次定義了 { $id }。
        [no-value] 未載入訊息檔案 { $resource }：第 { $line } 行的訊息 { $id } 沒有文字。
        [bad-locale] 未載入訊息檔案 { $resource }：{ $tag } 不是語言標記（訊息檔案所在的資料夾須以其地區設定命名，例如 de 或 pt-BR）。
        [unknown-file] 未載入訊息檔案 { $resource }：訊息檔案必須命名為 { $names }。
        [unreadable] 無法讀取訊息檔案 { $resource }（{ $detail }）。
       *[other] 未載入訊息檔案 { $resource }。
    }
# A quote template (Quote::to_html_with) that does not parse or render; $line is "none"
# when the error has no line; $detail is the template engine's own message (English).
error-invalid-template =
    { $line ->
        [none] 無法使用報價單範本：{ $detail }。
       *[other] 無法使用報價單範本：第 { $line } 行：{ $detail }。
    }

## Labels used by the demo and the command-line tool

label-locale-name = 繁體中文
# The command-line tool's description of a storage error: the error's description, then the
# database file.
error-with-database-file = { $description }資料庫檔案：{ $path }
error-with-database-server = { $description }資料庫：{ $path }
error-cart-submitting = 購物車 { $cartId } 正在提交至 Partner Center；提交結束前無法變更或結帳。
error-submission-not-found = 找不到提交 { $submissionId }。
error-partner-center = Partner Center 拒絕了要求 (HTTP { $status }，代碼 { $code })：{ $description }
error-partner-center-unavailable = 無法連線至 Partner Center ({ $endpoint })；提交已保留，將從中斷處繼續。
error-authentication-required = Partner Center 需要重新登入；在應用程式提供有效的存取權杖之前，提交已暫停。
error-availability =
    { $found ->
        [none] 此客戶無法購買第 { $lineId } 行 ({ $catalogItemId })：沒有符合其產品、區隔、國家/地區、期限與計費週期的 Partner Center 可用性。
       *[several] 第 { $lineId } 行 ({ $catalogItemId }) 符合 { $count } 個 Partner Center 可用性；cartstore 不會替您選擇。請在該行中指定可用性。
    }
