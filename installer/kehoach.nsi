; The Windows installer of kehoach (the command line for now): per user,
; no administrator rights, into %LOCALAPPDATA%\Programs\kehoach, with a
; Start menu entry and an uninstaller that leaves the officer's data
; (%APPDATA%\kehoach) where it is. Built by scripts/build-windows.sh with
; Debian's makensis:  makensis -DEXE=<kehoach.exe> -DOUT=<setup.exe> kehoach.nsi
Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
Name "Kế hoạch – Theo dõi và Báo cáo"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\kehoach"
ShowInstDetails show

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\kehoach"

Section "kehoach"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "/oname=kehoach.exe" "${EXE}"
  WriteUninstaller "$INSTDIR\Gỡ cài đặt kehoach.exe"
  CreateDirectory "$SMPROGRAMS\Kế hoạch"
  ; The command line, in a console that stays open on its help.
  CreateShortcut "$SMPROGRAMS\Kế hoạch\Kế hoạch (dòng lệnh).lnk" "$SYSDIR\cmd.exe" '/k ""$INSTDIR\kehoach.exe" --help"' "$INSTDIR\kehoach.exe"
  CreateShortcut "$SMPROGRAMS\Kế hoạch\Gỡ cài đặt.lnk" "$INSTDIR\Gỡ cài đặt kehoach.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Kế hoạch – Theo dõi và Báo cáo"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Gỡ cài đặt kehoach.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ; The program only: the databases in %APPDATA%\kehoach and the reports
  ; in Documents stay.
  Delete "$INSTDIR\kehoach.exe"
  Delete "$INSTDIR\Gỡ cài đặt kehoach.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Kế hoạch\Kế hoạch (dòng lệnh).lnk"
  Delete "$SMPROGRAMS\Kế hoạch\Gỡ cài đặt.lnk"
  RMDir "$SMPROGRAMS\Kế hoạch"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd
