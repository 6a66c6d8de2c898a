"""Sequence labelling with BiLSTMs in the style of Lample et al. (2016) NER taggers on GitHub: a character BiLSTM runs over every word (chars reshaped to (B*T, L)), its final forward/backward states torch.cat((h_n[-2], h_n[-1]), dim=1) are viewed back to (B, T, 2*char_hidden) and concatenated to the word embeddings before a batch_first word BiLSTM that emits per-token tag scores (CRF emissions). A second class is the course-notebook BiLSTM sentence classifier that reads out[:, -1, :]."""
import torch
import torch.nn as nn


# shapelint: input=((2, 12), (2, 12, 8))
class BiLSTMCharTagger(nn.Module):
    def __init__(self, vocab_size=3000, char_size=60, word_dim=50, char_dim=25, char_hidden=25,
                 hidden_dim=100, tagset_size=9, dropout=0.5):
        super(BiLSTMCharTagger, self).__init__()
        self.hidden_dim = hidden_dim
        self.word_embeds = nn.Embedding(vocab_size, word_dim)
        self.char_embeds = nn.Embedding(char_size, char_dim)
        self.char_lstm = nn.LSTM(char_dim, char_hidden, num_layers=1, batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(dropout)
        self.lstm = nn.LSTM(word_dim + char_hidden * 2, hidden_dim // 2, num_layers=1,
                            bidirectional=True, batch_first=True)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def _char_features(self, chars):
        B, T, L = chars.size()
        chars_embeds = self.char_embeds(chars.view(B * T, L))  # (B*T, L, char_dim)
        _, (h_n, _) = self.char_lstm(chars_embeds)
        char_feats = torch.cat((h_n[-2], h_n[-1]), dim=1)  # (B*T, 2*char_hidden)
        return char_feats.view(B, T, -1)

    def forward(self, sentence, chars):
        embeds = self.word_embeds(sentence)
        char_feats = self._char_features(chars)
        embeds = torch.cat((embeds, char_feats), 2)
        embeds = self.dropout(embeds)
        lstm_out, _ = self.lstm(embeds)
        lstm_out = self.dropout(lstm_out)
        lstm_feats = self.hidden2tag(lstm_out)  # (B, T, tagset_size)
        return lstm_feats


# shapelint: input=(2, 32)
class BiLSTMSentiment(nn.Module):
    def __init__(self, vocab_size=20000, embedding_dim=100, hidden_dim=64, n_layers=2, output_dim=1, drop_prob=0.3):
        super().__init__()
        self.n_layers = n_layers
        self.hidden_dim = hidden_dim
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, n_layers, dropout=drop_prob,
                            batch_first=True, bidirectional=True)
        self.dropout = nn.Dropout(drop_prob)
        self.fc = nn.Linear(hidden_dim * 2, output_dim)
        self.sig = nn.Sigmoid()

    def forward(self, x):
        batch_size = x.size(0)
        h0 = torch.zeros(self.n_layers * 2, batch_size, self.hidden_dim)
        c0 = torch.zeros(self.n_layers * 2, batch_size, self.hidden_dim)
        embeds = self.embedding(x)
        out, (hn, cn) = self.lstm(embeds, (h0, c0))
        out = self.dropout(out[:, -1, :])
        out = self.fc(out)
        return self.sig(out).squeeze(1)
