{
  'targets': [
    {
      'target_name': 'card_handle',
      'sources': ['card-handle.c'],
      'cflags': ['-Wall', '-Wextra', '-Werror', '-std=c11', '-fno-strict-aliasing'],
      'conditions': [
        ['OS=="linux"', {
          'include_dirs': ['/usr/include/PCSC'],
          'libraries': ['-lpcsclite'],
        }],
        ['OS=="mac"', {
          'libraries': ['-framework', 'PCSC'],
          'xcode_settings': { 'OTHER_CFLAGS': ['-Wall', '-Wextra'] },
        }],
        ['OS=="win"', {
          'libraries': ['-lWinSCard'],
        }],
      ],
    },
  ],
}
