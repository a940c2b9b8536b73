; Included by the NSIS installer (electron-builder.yml, nsis.include). The app talks to card readers
; through the Windows Smart Card service (SCardSvr); when an administrator has disabled it, no reader
; will ever appear. The installer cannot fix that for a per-user install (no elevation), so it says so
; in the language the user picked. Start type 4 = disabled.
; Language ids: 1033 English, 1036 French, 1043 Dutch, 1031 German (the four installerLanguages).

LangString eidSmartCardServiceDisabled 1033 "The Windows Smart Card service is disabled on this computer. MyVivium eID cannot see your card reader until it is enabled. Ask your IT administrator, or see Help > Install guide in the app."
LangString eidSmartCardServiceDisabled 1036 "Le service Carte à puce de Windows est désactivé sur cet ordinateur. MyVivium eID ne peut pas voir votre lecteur de carte tant qu'il n'est pas activé. Demandez à votre administrateur informatique, ou consultez Aide > Guide d'installation dans l'application."
LangString eidSmartCardServiceDisabled 1043 "De Windows-service Smartcard is uitgeschakeld op deze computer. MyVivium eID ziet uw kaartlezer pas als die service aanstaat. Vraag het aan uw IT-beheerder, of kijk in de app bij Hulp > Installatiegids."
LangString eidSmartCardServiceDisabled 1031 "Der Windows-Dienst Smartcard ist auf diesem Computer deaktiviert. MyVivium eID kann Ihr Kartenlesegerät erst sehen, wenn er aktiviert ist. Wenden Sie sich an Ihre IT-Abteilung, oder lesen Sie in der App Hilfe > Installationsanleitung."

!macro customInit
  ClearErrors
  ReadRegDWORD $0 HKLM "SYSTEM\CurrentControlSet\Services\SCardSvr" "Start"
  IfErrors eidScardCheckDone
  IntCmp $0 4 0 eidScardCheckDone eidScardCheckDone
    MessageBox MB_OK|MB_ICONEXCLAMATION "$(eidSmartCardServiceDisabled)" /SD IDOK
  eidScardCheckDone:
!macroend

; myvivium-eid: links (MyVivium's login page opens the app). electron-builder registers `protocols` on
; macOS and Linux only, so the per-user installer writes the URL handler under HKCU and removes it again.
!macro customInstall
  WriteRegStr HKCU "Software\Classes\myvivium-eid" "" "URL:MyVivium eID"
  WriteRegStr HKCU "Software\Classes\myvivium-eid" "URL Protocol" ""
  WriteRegStr HKCU "Software\Classes\myvivium-eid\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr HKCU "Software\Classes\myvivium-eid\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey HKCU "Software\Classes\myvivium-eid"
!macroend
